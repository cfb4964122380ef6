using System.Buffers.Binary;
using System.Text;

namespace AttentionCourse.Native;

/// <summary>An ELF file that is not what <see cref="ElfVersionNeeds"/> expects; the message names the file.</summary>
internal sealed class ElfFormatException(string message) : Exception(message);

/// <summary>
/// Reads the symbol-version needs (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared
/// library and can write a copy in which one needed version is marked weak (<c>VER_FLG_WEAK</c>).
/// </summary>
/// <remarks>
/// Why: TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> lists <c>GLIBCXX_3.4.32</c> as a version it
/// needs from <c>libstdc++.so.6</c>, which Debian 12 and Ubuntu 22.04 (3.4.30) do not define. The
/// only symbol bound to that version is <c>std::ios_base_library_init()</c>, an undefined symbol
/// that no relocation uses, so a weak need loses nothing. The dynamic loader accepts a missing
/// weak version (glibc <c>dl-version.c</c>). Layouts follow the System V gABI and the LSB
/// "Symbol Versioning" chapter. The original file is never written.
/// </remarks>
internal sealed class ElfVersionNeeds
{
    /// <summary><c>VER_FLG_WEAK</c> in <c>vna_flags</c>.</summary>
    public const ushort VerFlagWeak = 0x2;

    const uint PtLoad = 1, PtDynamic = 2, ShtDynsym = 11;
    const long DtNeeded = 1, DtPltRelSz = 2, DtStrTab = 5, DtRela = 7, DtRelaSz = 8, DtStrSz = 10,
        DtJmpRel = 23, DtVerSym = 0x6ffffff0, DtVerNeed = 0x6ffffffe, DtVerNeedNum = 0x6fffffff;

    readonly byte[] _bytes;
    readonly string _path;

    /// <summary>One needed version: the library it comes from, its name, flags and index.</summary>
    /// <param name="File">Library that must define it, e.g. <c>libstdc++.so.6</c>.</param>
    /// <param name="Name">Version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="Flags"><c>vna_flags</c>; bit <see cref="VerFlagWeak"/> marks a weak need.</param>
    /// <param name="Index"><c>vna_other</c>: the index symbols use in <c>.gnu.version</c>.</param>
    /// <param name="FlagsOffset">File offset of <c>vna_flags</c>.</param>
    public sealed record Need(string File, string Name, ushort Flags, ushort Index, long FlagsOffset)
    {
        /// <summary>True when the need is marked weak.</summary>
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>A dynamic symbol: its name, whether it is defined here, and its version index.</summary>
    public sealed record Symbol(int Index, string Name, bool IsDefined, ushort VersionIndex);

    /// <summary>Libraries named by <c>DT_NEEDED</c>, in file order.</summary>
    public IReadOnlyList<string> NeededLibraries { get; }

    /// <summary>Every entry of <c>.gnu.version_r</c>.</summary>
    public IReadOnlyList<Need> Needs { get; }

    /// <summary>The dynamic symbol table with version indices.</summary>
    public IReadOnlyList<Symbol> Symbols { get; }

    /// <summary>Indices of dynamic symbols that some relocation (<c>DT_RELA</c>, <c>DT_JMPREL</c>) refers to.</summary>
    public IReadOnlySet<int> RelocatedSymbols { get; }

    ElfVersionNeeds(string path, byte[] bytes)
    {
        _path = path;
        _bytes = bytes;
        try
        {
            (NeededLibraries, Needs, Symbols, RelocatedSymbols) = Parse();
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            throw Fail($"is truncated or has offsets outside the file ({e.Message})");
        }
    }

    /// <summary>Reads <paramref name="path"/>; throws <see cref="ElfFormatException"/> naming the file if it is not a 64-bit little-endian ELF shared library with version needs.</summary>
    public static ElfVersionNeeds Read(string path)
    {
        if (!System.IO.File.Exists(path))
            throw new ElfFormatException($"'{path}' does not exist.");
        return new ElfVersionNeeds(path, System.IO.File.ReadAllBytes(path));
    }

    /// <summary>
    /// Writes to <paramref name="destination"/> a copy in which the need for <paramref name="version"/>
    /// from <paramref name="fromLibrary"/> is weak. Refuses (clear error, nothing written) unless every
    /// symbol bound to that version is undefined, listed in <paramref name="allowedSymbols"/>, and used
    /// by no relocation. The write is atomic: a temporary file renamed into place.
    /// </summary>
    public void WriteWithWeakNeed(string destination, string fromLibrary, string version, IReadOnlyCollection<string> allowedSymbols)
    {
        var need = Needs.FirstOrDefault(n => n.File == fromLibrary && n.Name == version)
            ?? throw Fail($"needs no version {version} from {fromLibrary}; the fix expects it to");
        foreach (var s in Symbols.Where(s => (s.VersionIndex & 0x7fff) == need.Index))
        {
            if (s.IsDefined || !allowedSymbols.Contains(s.Name))
                throw Fail($"binds symbol '{s.Name}' to {version}; only undefined {string.Join(", ", allowedSymbols)} may be, so marking it weak is not known to be safe");
            if (RelocatedSymbols.Contains(s.Index))
                throw Fail($"has a relocation against '{s.Name}' ({version}); marking it weak would leave it unresolved");
        }
        var copy = (byte[])_bytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan((int)need.FlagsOffset), (ushort)(need.Flags | VerFlagWeak));
        var dir = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(destination)}.{Environment.ProcessId}.tmp");
        System.IO.File.WriteAllBytes(temp, copy);
        System.IO.File.Move(temp, destination, overwrite: true);
    }

    ElfFormatException Fail(string what) => new($"'{_path}' {what}.");

    (List<string>, List<Need>, List<Symbol>, HashSet<int>) Parse()
    {
        var b = _bytes;
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw Fail("is not an ELF file");
        if (b[4] != 2 || b[5] != 1)
            throw Fail("is not a 64-bit little-endian ELF file");
        if (U16(16) != 3)
            throw Fail("is not an ELF shared library (e_type is not ET_DYN)");

        long phoff = (long)U64(0x20), shoff = (long)U64(0x28);
        int phentsize = U16(0x36), phnum = U16(0x38), shentsize = U16(0x3A), shnum = U16(0x3C);
        var loads = new List<(ulong vaddr, ulong off, ulong size)>();
        long dynOff = -1, dynSize = 0;
        for (var i = 0; i < phnum; i++)
        {
            var p = phoff + (long)i * phentsize;
            var type = U32(p);
            if (type == PtLoad) loads.Add((U64(p + 16), U64(p + 8), U64(p + 32)));
            if (type == PtDynamic) { dynOff = (long)U64(p + 8); dynSize = (long)U64(p + 32); }
        }
        if (dynOff < 0) throw Fail("has no dynamic segment (PT_DYNAMIC)");

        var dyn = new Dictionary<long, ulong>();
        var needed = new List<ulong>();
        for (var p = dynOff; p + 16 <= dynOff + dynSize; p += 16)
        {
            var tag = (long)U64(p);
            if (tag == 0) break;
            if (tag == DtNeeded) needed.Add(U64(p + 8));
            else dyn.TryAdd(tag, U64(p + 8));
        }
        long Offset(ulong vaddr)
        {
            foreach (var (va, off, size) in loads)
                if (vaddr >= va && vaddr < va + size) return (long)(vaddr - va + off);
            throw Fail($"has a dynamic address 0x{vaddr:x} outside every loaded segment");
        }
        if (!dyn.TryGetValue(DtStrTab, out var strtabVa) || !dyn.TryGetValue(DtStrSz, out var strsz))
            throw Fail("has no dynamic string table");
        var strtab = Offset(strtabVa);
        string Str(ulong index)
        {
            if (index >= strsz) throw Fail("has a string index outside its dynamic string table");
            var start = (int)(strtab + (long)index);
            var end = Array.IndexOf(b, (byte)0, start);
            return Encoding.ASCII.GetString(b, start, end - start);
        }

        if (!dyn.TryGetValue(DtVerNeed, out var verneedVa) || !dyn.TryGetValue(DtVerNeedNum, out var verneedNum))
            throw Fail("has no symbol version needs (DT_VERNEED)");
        var needs = new List<Need>();
        var vn = Offset(verneedVa);
        for (ulong i = 0; i < verneedNum; i++)
        {
            var file = Str(U32(vn + 4));
            var aux = vn + U32(vn + 8);
            for (var j = 0; j < U16(vn + 2); j++)
            {
                needs.Add(new Need(file, Str(U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux + 4));
                aux += U32(aux + 12);
            }
            vn += U32(vn + 12);
        }

        // The symbol count comes from the section header of .dynsym (the dynamic section does not store it).
        var symbols = new List<Symbol>();
        if (dyn.TryGetValue(DtVerSym, out var versymVa))
        {
            var versym = Offset(versymVa);
            for (var i = 0; i < shnum; i++)
            {
                var s = shoff + (long)i * shentsize;
                if (U32(s + 4) != ShtDynsym) continue;
                long off = (long)U64(s + 24), size = (long)U64(s + 32), entsize = (long)U64(s + 56);
                if (entsize != 24) throw Fail("has a .dynsym entry size other than 24");
                for (var k = 0; k < size / 24; k++)
                {
                    var e = off + k * 24;
                    symbols.Add(new Symbol(k, Str(U32(e)), U16(e + 6) != 0, U16(versym + 2L * k)));
                }
            }
        }

        var relocated = new HashSet<int>();
        foreach (var (at, size) in new[] { (DtRela, DtRelaSz), (DtJmpRel, DtPltRelSz) })
        {
            if (!dyn.TryGetValue(at, out var va) || !dyn.TryGetValue(size, out var bytes)) continue;
            var start = Offset(va);
            for (long r = 0; r < (long)bytes / 24; r++)
                relocated.Add((int)(U64(start + r * 24 + 8) >> 32));
        }
        return (needed.Select(Str).ToList(), needs, symbols, relocated);
    }

    ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(checked((int)at), 2));
    uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(checked((int)at), 4));
    ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(checked((int)at), 8));
}
