using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// Images hidden among noise channels (chapter 12): each image gets <c>channels</c> channels, one of them (chosen at
/// random per image) holds the image, the others hold Gaussian noise N(0, σ²). Which channel is informative is the
/// ground truth against which squeeze-and-excitation's channel weights are ranked.
/// </summary>
public static class NoisyChannels
{
    /// <summary>Builds the multi-channel inputs.</summary>
    /// <param name="images">(N, 1, H, W) grey images.</param>
    /// <param name="channels">C, channels per input; default 4.</param>
    /// <param name="noise">σ of the noise channels; default 0.3.</param>
    /// <param name="seed">Seed of the channel choice and the noise.</param>
    /// <returns>Inputs (N, C, H, W) and the informative channel of each image (N) int64.</returns>
    public static (Tensor Inputs, Tensor Informative) Make(Tensor images, int channels = 4, double noise = 0.3, int seed = 0)
    {
        using var scope = NewDisposeScope();
        var g = new TorchSharp.torch.Generator((ulong)seed);
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        var informative = randint(channels, [n], generator: g, dtype: ScalarType.Int64);            // (N)
        var x = randn([n, channels, h, w], generator: g) * noise;                                   // (N, C, H, W)
        var onehot = nn.functional.one_hot(informative, channels).to_type(x.dtype).reshape(n, channels, 1, 1);  // (N, C, 1, 1)
        x = x * (1 - onehot) + images * onehot;                                                      // image in its channel
        return (x.MoveToOuterDisposeScope(), informative.MoveToOuterDisposeScope());
    }
}
