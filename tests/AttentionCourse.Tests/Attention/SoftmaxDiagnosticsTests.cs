using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class SoftmaxDiagnosticsTests
{
    [Fact]
    public void Entropy_is_ln_S_for_uniform_zero_for_one_hot_and_zero_for_an_empty_row()
    {
        T.Init();
        var w = tensor(new float[] { 0.25f, 0.25f, 0.25f, 0.25f, 0, 1, 0, 0, 0, 0, 0, 0, 0.5f, 0.5f, 0, 0 }).reshape(4, 4);
        var h = SoftmaxDiagnostics.Entropy(w).data<float>().ToArray();
        Assert.Equal(Math.Log(4), h[0], 5);
        Assert.Equal(0.0, h[1], 6);
        Assert.Equal(0.0, h[2], 6);
        Assert.Equal(Math.Log(2), h[3], 5);
    }

    [Fact]
    public void Jacobian_norm_equals_the_norm_of_the_autograd_jacobian()
    {
        T.Init(3);
        var scores = (randn(5) * 2).requires_grad_();
        var p = scores.softmax(-1);
        double sumSquares = 0;
        for (int i = 0; i < 5; i++)                                           // row i of J = gradient of p_i
        {
            var grad = torch.autograd.grad([p[i]], [scores], retain_graph: true)[0];
            sumSquares += grad.square().sum().item<float>();
        }
        var closed = SoftmaxDiagnostics.JacobianNorm(p.detach()).item<float>();
        Assert.Equal(Math.Sqrt(sumSquares), closed, 5);
    }

    [Fact]
    public void Jacobian_norm_vanishes_as_the_softmax_saturates()
    {
        T.Init();
        var oneHot = tensor(new float[] { 0, 0, 1, 0 });
        Assert.Equal(0f, SoftmaxDiagnostics.JacobianNorm(oneHot).item<float>(), 6);
        var uniform = full(4, 0.25f);                                         // J = I/4 - 1/16: norm sqrt(3)/4
        Assert.Equal(Math.Sqrt(3) / 4, SoftmaxDiagnostics.JacobianNorm(uniform).item<float>(), 5);
    }
}
