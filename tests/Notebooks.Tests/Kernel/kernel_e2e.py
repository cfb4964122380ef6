"""End-to-end checks of the C# kernel with the real Jupyter client (Debian's python3-jupyter-client,
python3-nbclient, python3-nbformat). Run by KernelEndToEndTests with /usr/bin/python3:

    kernel_e2e.py NB_DLL SCENARIO [ARGS]

The kernelspec is installed with `dotnet NB_DLL kernel install --prefix TMP` and found through
JUPYTER_PATH, so the installer is exercised too. Prints one JSON object on stdout; the C# test
asserts on it. Exit code 0 unless the scenario could not run at all.
"""
import json, os, subprocess, sys, tempfile, time

missing = []
for module, package in [("jupyter_client", "python3-jupyter-client"), ("nbclient", "python3-nbclient"),
                        ("nbformat", "python3-nbformat"), ("zmq", "python3-zmq")]:
    try:
        __import__(module)
    except ImportError:
        missing.append(package)
if missing:
    print("missing Debian packages: " + " ".join(missing) + " (apt-get install -y " + " ".join(missing) + ")", file=sys.stderr)
    sys.exit(3)

import nbformat, zmq
from jupyter_client import KernelManager
from jupyter_client.session import Session
from nbclient import NotebookClient

NAME = "csharp-attention-course"


def install(nb_dll):
    prefix = tempfile.mkdtemp(prefix="nb-kernel-e2e-")
    subprocess.run(["dotnet", nb_dll, "kernel", "install", "--prefix", prefix], check=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")


def start():
    km = KernelManager(kernel_name=NAME)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return km, kc


def run(kc, code, timeout=120):
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outputs.append(
        {"type": m["msg_type"], "content": m["content"]}))
    return {"status": reply["content"]["status"], "reply": reply["content"],
            "outputs": [o for o in outputs if o["type"] not in ("status", "execute_input")]}


def text(result):
    """The text/plain (or text/html) of the first execute_result or display_data, else None."""
    for o in result["outputs"]:
        if o["type"] in ("execute_result", "display_data"):
            data = o["content"]["data"]
            return data.get("text/plain", data.get("text/html"))
    return None


def notebook(path):
    nb = nbformat.read(path, as_version=4)
    os.environ["JPY_SESSION_NAME"] = os.path.abspath(path)  # as jupyter_server sets it
    client = NotebookClient(nb, kernel_name=NAME, timeout=120, allow_errors=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    client.execute()
    return {"cells": [{"execution_count": c.get("execution_count"), "outputs": c.get("outputs", [])}
                      for c in nb.cells if c.cell_type == "code"]}


def interrupt():
    km, kc = start()
    try:
        before = run(kc, "var total = 5;")
        msg_id = kc.execute("while (true) { }")
        time.sleep(2)  # let the loop start
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=60)
        assert reply["parent_header"]["msg_id"] == msg_id
        after = run(kc, "total + 1")
        return {"before": before["status"], "interrupted": reply["content"]["status"],
                "ename": reply["content"].get("ename"), "after": after["status"], "after_value": text(after)}
    finally:
        km.shutdown_kernel(now=True)


def restart():
    km, kc = start()
    try:
        run(kc, "var kept = 1;")
        pid = km.provisioner.process.pid
        km.restart_kernel(now=False)  # shutdown_request(restart=True), wait for the exit, start anew
        kc.wait_for_ready(timeout=120)
        new_pid = km.provisioner.process.pid
        gone = run(kc, "kept")
        fresh = run(kc, "1 + 1")
        return {"pid_changed": pid != new_pid, "old_state": gone["status"], "fresh": fresh["status"],
                "fresh_value": text(fresh), "execution_count": fresh["reply"]["execution_count"]}
    finally:
        km.shutdown_kernel(now=True)


def wrong_key():
    km, kc = start()
    try:
        info = km.get_connection_info()
        forged = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
        context = zmq.Context.instance()
        shell = context.socket(zmq.DEALER)
        shell.connect("tcp://%s:%d" % (info["ip"], info["shell_port"]))
        forged.send(shell, "execute_request", {"code": "var pwned = 1;", "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        answered = shell.poll(3000) != 0  # a dropped message gets no reply
        check = run(kc, "pwned")
        alive = run(kc, "2 + 3")
        shell.close(0)
        return {"forged_answered": answered, "check": check["status"], "check_error": check["reply"].get("evalue"),
                "alive": text(alive)}
    finally:
        km.shutdown_kernel(now=True)


def heartbeat():
    km, kc = start()
    try:
        info = km.get_connection_info()
        hb = zmq.Context.instance().socket(zmq.REQ)
        hb.connect("tcp://%s:%d" % (info["ip"], info["hb_port"]))
        hb.send(b"ping")
        echo = hb.recv().decode() if hb.poll(10000) else None
        hb.close(0)
        return {"echo": echo, "beating": kc.is_alive()}
    finally:
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    nb_dll, scenario = sys.argv[1], sys.argv[2]
    install(nb_dll)
    result = {"notebook": lambda: notebook(sys.argv[3]), "interrupt": interrupt, "restart": restart,
              "wrong_key": wrong_key, "heartbeat": heartbeat}[scenario]()
    print(json.dumps(result))
