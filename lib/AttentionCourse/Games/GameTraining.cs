using AttentionCourse.Data;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Games;

/// <summary>Share of attention on the deciding line for one layer and head (chapter 18's measurement).</summary>
/// <param name="Layer">1-based layer.</param>
/// <param name="Head">1-based head, or 0 for the mean of the heads.</param>
/// <param name="Win">Mean share, over forced-win positions, of the winning cell's attention on the line's other two cells.</param>
/// <param name="Block">The same over forced-block positions (the line's two cells hold the opponent's marks).</param>
public sealed record LineAttention(int Layer, int Head, double Win, double Block);

/// <summary>A position with one deciding cell: a forced win (complete your line) or a forced block (stop theirs).</summary>
/// <param name="Board">The board.</param>
/// <param name="Cell">The one cell that wins, or the one cell that blocks.</param>
/// <param name="Line">The deciding line (includes <paramref name="Cell"/>).</param>
/// <param name="IsWin">True for a forced win, false for a forced block.</param>
public sealed record DecidingPosition(int[] Board, int Cell, int[] Line, bool IsWin);

/// <summary>Training, evaluation and attention measurements for chapter 18's policy-value networks.</summary>
public static class GameTraining
{
    /// <summary>
    /// Trains a policy-value network on every labelled position with the course's <see cref="Trainer"/>: loss =
    /// <see cref="GameData.PolicyLoss"/> + cross-entropy of the value. AdamW, warm-up and cosine decay, validation
    /// (optimal-move share) every 250 steps. The positions are the whole game: there is no held-out set, because the
    /// goal is to represent the solver exactly (chapter 18 says so).
    /// </summary>
    /// <param name="model">A module returning (policy (B, 9), value (B, 3)).</param>
    /// <param name="data">The labelled positions.</param>
    /// <param name="steps">Step budget; default 3,000.</param>
    /// <param name="lr">Peak learning rate; default 3e-3.</param>
    /// <param name="seed">Seed of the batches and the trainer; default 0.</param>
    /// <param name="quiet">No progress line.</param>
    public static TrainingHistory Train(nn.Module<Tensor, (Tensor, Tensor)> model, GameData data, int steps = 3000,
        double lr = 3e-3, int seed = 0, bool quiet = false)
    {
        using var optimizer = optim.AdamW(model.parameters(), lr, weight_decay: 0.01);
        return Trainer.Fit(model, optimizer,
            batches: Batches.FromTensors([data.Tokens, data.Optimal, data.Value], batch_size: 128, seed: seed),
            loss: b =>
            {
                var (policy, value) = model.call(b[0]);
                return GameData.PolicyLoss(policy, b[1]) + nn.functional.cross_entropy(value, b[2]);
            },
            config: new TrainingConfig
            {
                Steps = steps, Schedule = Schedules.WarmupCosine(steps, warmup: steps / 20, min_ratio: 0.05),
                MaxGradNorm = 1.0, Threads = 1, Seed = seed, ValidateEvery = 250, Progress = !quiet,
            },
            validate: () => Evaluate(model, data).Moves, validationName: "optimal moves");
    }

    /// <summary>Optimal-move share and value accuracy over all positions of <paramref name="data"/>.</summary>
    /// <param name="model">The network.</param>
    /// <param name="data">The labelled positions.</param>
    public static (double Moves, double Values) Evaluate(nn.Module<Tensor, (Tensor, Tensor)> model, GameData data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var (policy, value) = model.call(data.Tokens);
        return (GameData.MoveAccuracy(policy, data.Optimal), GameData.ValueAccuracy(value, data.Value));
    }

    /// <summary>The network's move (argmax of the policy) for every position, by <see cref="TicTacToe.Key"/>.</summary>
    /// <param name="model">The network.</param>
    /// <param name="data">The positions.</param>
    public static Dictionary<int, int> MoveTable(nn.Module<Tensor, (Tensor, Tensor)> model, GameData data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var moves = model.call(data.Tokens).Item1.argmax(-1).data<long>().ToArray();
        return data.Boards.Select((b, i) => (TicTacToe.Key(b), (int)moves[i])).ToDictionary(p => p.Item1, p => p.Item2);
    }

    /// <summary>
    /// Positions with exactly one deciding cell on exactly one line: forced wins (the side to move has one winning
    /// cell) and forced blocks (no win, and the opponent threatens one cell).
    /// </summary>
    /// <param name="boards">Non-terminal boards.</param>
    public static List<DecidingPosition> DecidingPositions(IEnumerable<int[]> boards)
    {
        var found = new List<DecidingPosition>();
        foreach (var b in boards)
        {
            int me = TicTacToe.SideToMove(b), them = TicTacToe.Opponent(me);
            var wins = TicTacToe.WinningCells(b, me);
            var threats = TicTacToe.WinningCells(b, them);
            bool isWin = wins.Length == 1;
            if (!isWin && !(wins.Length == 0 && threats.Length == 1)) continue;
            int cell = isWin ? wins[0] : threats[0], owner = isWin ? me : them;
            var lines = TicTacToe.Lines.Where(l => l.Contains(cell) && l.Where(i => i != cell).All(i => b[i] == owner)).ToList();
            if (lines.Count == 1) found.Add(new DecidingPosition(b, cell, lines[0], isWin));
        }
        return found;
    }

    /// <summary>
    /// Runs <paramref name="model"/> on the positions and returns its attention (L, N, h, 10, 10) of the deciding cell
    /// as query, as (L, N, h, 10) over the keys (9 cells, then the side to move).
    /// </summary>
    /// <param name="model">The Transformer.</param>
    /// <param name="positions">Deciding positions.</param>
    public static Tensor QueryAttention(PolicyValueTransformer model, IReadOnlyList<DecidingPosition> positions)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        model.call(GameData.Encode(positions.Select(p => p.Board).ToList()));
        var weights = model.AttentionWeights();                                          // (L, N, h, 10, 10)
        var (L, N, h) = (weights.shape[0], weights.shape[1], weights.shape[2]);
        var cells = tensor(positions.Select(p => (long)p.Cell).ToArray());               // (N)
        var index = cells.view(1, N, 1, 1, 1).expand(L, N, h, 1, GameData.Length);       // (L, N, h, 1, 10)
        return weights.gather(3, index).squeeze(3).MoveToOuterDisposeScope();            // (L, N, h, 10)
    }

    /// <summary>
    /// Per layer and head (and the head mean, Head = 0): the mean share of the deciding cell's attention on the two
    /// other cells of its line, over forced wins and over forced blocks. Chance (uniform over 10 tokens) is 0.2.
    /// </summary>
    /// <param name="model">The Transformer.</param>
    /// <param name="positions">Deciding positions.</param>
    public static List<LineAttention> LineShares(PolicyValueTransformer model, IReadOnlyList<DecidingPosition> positions)
    {
        using var scope = NewDisposeScope();
        var attention = QueryAttention(model, positions);                                // (L, N, h, 10)
        var onLine = zeros(positions.Count, GameData.Length);                            // (N, 10)
        for (int n = 0; n < positions.Count; n++)
            foreach (var c in positions[n].Line.Where(c => c != positions[n].Cell)) onLine[n, c] = 1f;
        var share = (attention * onLine.unsqueeze(1)).sum(-1);                           // (L, N, h)
        var isWin = tensor(positions.Select(p => p.IsWin).ToArray());                    // (N)
        var rows = new List<LineAttention>();
        for (int l = 0; l < attention.shape[0]; l++)
            for (int h = 0; h <= attention.shape[2]; h++)
            {
                var s = h == 0 ? share[l].mean([1]) : share[l, .., h - 1];               // (N)
                rows.Add(new LineAttention(l + 1, h, s[isWin].mean().item<float>(), s[isWin.logical_not()].mean().item<float>()));
            }
        return rows;
    }
}
