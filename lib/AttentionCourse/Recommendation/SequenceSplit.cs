using static TorchSharp.torch;

namespace AttentionCourse.Recommendation;

/// <summary>
/// Leave-last-out split of chapter 17 (the protocol of SASRec): for each user the last item is the test target, the
/// one before it the validation target, and everything before that trains. Inputs are left-padded to width T.
/// </summary>
public sealed class SequenceSplit
{
    /// <summary>History slots T.</summary>
    public required int MaxLen { get; init; }
    /// <summary>Training inputs (U, T): items 0..n−4, left-padded.</summary>
    public required Tensor TrainInput { get; init; }
    /// <summary>Training targets (U, T): items 1..n−3 aligned with the inputs, 0 where there is none.</summary>
    public required Tensor TrainTarget { get; init; }
    /// <summary>Per user, the items training may see (0..n−3).</summary>
    public required int[][] TrainItems { get; init; }
    /// <summary>Validation histories (items 0..n−3) and targets (item n−2).</summary>
    public required int[][] ValidationHistory { get; init; }
    /// <summary>Validation targets.</summary>
    public required int[] ValidationTarget { get; init; }
    /// <summary>Test histories (items 0..n−2) and targets (item n−1).</summary>
    public required int[][] TestHistory { get; init; }
    /// <summary>Test targets.</summary>
    public required int[] TestTarget { get; init; }

    /// <summary>Splits every sequence of <paramref name="sequences"/> (each at least 4 items long).</summary>
    /// <param name="sequences">Item ids per user, oldest first.</param>
    /// <param name="maxLen">History slots T; longer histories keep their last T items. Default 30.</param>
    public static SequenceSplit LeaveLastOut(IReadOnlyList<int[]> sequences, int maxLen = 30)
    {
        if (sequences.Any(s => s.Length < 4)) throw new ArgumentException("Every sequence needs at least 4 items.", nameof(sequences));
        var train = sequences.Select(s => s[..^2]).ToArray();
        return new SequenceSplit
        {
            MaxLen = maxLen,
            TrainInput = Pad(train.Select(s => s[..^1]).ToArray(), maxLen),
            TrainTarget = Pad(train.Select(s => s[1..]).ToArray(), maxLen),
            TrainItems = train,
            ValidationHistory = train, ValidationTarget = sequences.Select(s => s[^2]).ToArray(),
            TestHistory = sequences.Select(s => s[..^1]).ToArray(), TestTarget = sequences.Select(s => s[^1]).ToArray(),
        };
    }

    /// <summary>Left-pads (or keeps the last <paramref name="width"/> items of) each row: (rows, width) int64.</summary>
    /// <param name="rows">Item ids per row.</param>
    /// <param name="width">T.</param>
    public static Tensor Pad(IReadOnlyList<int[]> rows, int width)
    {
        var data = new long[rows.Count * width];
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r].Length > width ? rows[r][^width..] : rows[r];
            for (int j = 0; j < row.Length; j++) data[r * width + width - row.Length + j] = row[j];
        }
        return tensor(data, [rows.Count, width]).DetachFromDisposeScope();
    }
}
