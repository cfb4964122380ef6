using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Games;

/// <summary>
/// The solver's labels for every non-terminal legal position (4,520 of them), as tensors for training:
/// the 10 input tokens (9 cells, then the side to move), which moves are optimal, and the value class.
/// Used in chapter 18.
/// </summary>
public sealed class GameData
{
    /// <summary>Token ids: a cell is 0 (empty), 1 (X) or 2 (O); the side-to-move token is 3 (X to move) or 4 (O to move).</summary>
    public const int Vocabulary = 5;
    /// <summary>Sequence length: 9 cells and the side to move.</summary>
    public const int Length = 10;
    /// <summary>Names of the value classes for the side to move.</summary>
    public static readonly string[] ValueNames = ["loss", "draw", "win"];

    /// <summary>The positions, in the order of the tensors' rows.</summary>
    public IReadOnlyList<int[]> Boards { get; }
    /// <summary>(N, 10) int64 tokens.</summary>
    public Tensor Tokens { get; }
    /// <summary>(N, 9) bool, true where the move is optimal.</summary>
    public Tensor Optimal { get; }
    /// <summary>(N) int64 value class: 0 loss, 1 draw, 2 win (with best play, for the side to move).</summary>
    public Tensor Value { get; }

    GameData(IReadOnlyList<int[]> boards, Solver solver)
    {
        Boards = boards;
        Tokens = Encode(boards);
        var optimal = new bool[boards.Count * 9];
        var value = new long[boards.Count];
        for (int n = 0; n < boards.Count; n++)
        {
            foreach (var m in solver.OptimalMoves(boards[n])) optimal[n * 9 + m] = true;
            value[n] = solver.Value(boards[n]) + 1;
        }
        Optimal = tensor(optimal).view(boards.Count, 9);
        Value = tensor(value);
    }

    /// <summary>All non-terminal legal positions labelled by <paramref name="solver"/>, ordered by key.</summary>
    /// <param name="solver">The exact solver.</param>
    public static GameData AllPositions(Solver solver) =>
        new(Solver.ReachablePositions().Where(b => !TicTacToe.IsTerminal(b)).OrderBy(TicTacToe.Key).ToList(), solver);

    /// <summary>Any list of non-terminal positions labelled by <paramref name="solver"/>, in the order given.</summary>
    /// <param name="boards">Non-terminal boards.</param>
    /// <param name="solver">The exact solver.</param>
    public static GameData From(IReadOnlyList<int[]> boards, Solver solver) => new(boards, solver);

    /// <summary>Tokens (N, 10) for boards: the 9 cells then 3 + (side to move - 1).</summary>
    /// <param name="boards">Non-terminal boards.</param>
    public static Tensor Encode(IReadOnlyList<int[]> boards)
    {
        var ids = new long[boards.Count * Length];
        for (int n = 0; n < boards.Count; n++)
        {
            for (int i = 0; i < 9; i++) ids[n * Length + i] = boards[n][i];
            ids[n * Length + 9] = 2 + TicTacToe.SideToMove(boards[n]);
        }
        return tensor(ids).view(boards.Count, Length);
    }

    /// <summary>
    /// The policy loss for a set of equally good moves: -log Σ_{m optimal} p(m), i.e. the probability mass on the
    /// optimal set, with p = softmax over legal moves. Minimal when all mass sits on optimal moves, in any split.
    /// </summary>
    /// <param name="logits">(B, 9) policy logits, illegal moves already at -inf.</param>
    /// <param name="optimal">(B, 9) bool.</param>
    public static Tensor PolicyLoss(Tensor logits, Tensor optimal)
    {
        using var scope = NewDisposeScope();
        var all = logits.logsumexp(-1);                                                  // (B)
        var onOptimal = logits.masked_fill(optimal.logical_not(), double.NegativeInfinity).logsumexp(-1); // (B)
        return (all - onOptimal).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Share of positions whose argmax move is optimal.</summary>
    /// <param name="logits">(N, 9) policy logits.</param>
    /// <param name="optimal">(N, 9) bool.</param>
    public static double MoveAccuracy(Tensor logits, Tensor optimal)
    {
        using var scope = NewDisposeScope();
        var chosen = logits.argmax(-1, keepdim: true);                                   // (N, 1)
        return optimal.gather(1, chosen).to_type(ScalarType.Float32).mean().item<float>();
    }

    /// <summary>Share of positions whose value class is predicted exactly.</summary>
    /// <param name="logits">(N, 3) value logits.</param>
    /// <param name="value">(N) classes.</param>
    public static double ValueAccuracy(Tensor logits, Tensor value)
    {
        using var scope = NewDisposeScope();
        return logits.argmax(-1).eq(value).to_type(ScalarType.Float32).mean().item<float>();
    }
}
