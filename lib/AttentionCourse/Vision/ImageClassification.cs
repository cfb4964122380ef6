using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>Evaluation helpers for the image classifiers of chapters 12 and 13.</summary>
public static class ImageClassification
{
    /// <summary>Predicted classes (argmax of the logits), in eval mode under <c>no_grad</c>, a batch at a time.</summary>
    /// <param name="model">Images (B, C, H, W) → logits (B, classes).</param>
    /// <param name="images">(N, C, H, W).</param>
    /// <param name="batch_size">Images per forward; default 1000.</param>
    /// <returns>N class indices.</returns>
    public static long[] Predict(nn.Module<Tensor, Tensor> model, Tensor images, int batch_size = 1000)
    {
        var wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        var predicted = new List<long>();
        for (long i = 0; i < images.shape[0]; i += batch_size)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(batch_size, images.shape[0] - i);
            predicted.AddRange(model.call(images.narrow(0, i, n)).argmax(1).data<long>());   // (n)
        }
        model.train(wasTraining);
        return predicted.ToArray();
    }

    /// <summary>Fraction of images whose predicted class equals the label.</summary>
    /// <param name="model">Images → logits.</param>
    /// <param name="images">(N, C, H, W).</param>
    /// <param name="labels">(N) int64.</param>
    /// <param name="batch_size">Images per forward; default 1000.</param>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int batch_size = 1000)
    {
        var predicted = Predict(model, images, batch_size);
        var gold = labels.data<long>().ToArray();
        return predicted.Zip(gold).Count(p => p.First == p.Second) / (double)gold.Length;
    }
}
