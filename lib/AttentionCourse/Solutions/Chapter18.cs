using AttentionCourse.Games;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 18 exercises (notebooks/18-game-ai.ipynb).</summary>
public static class Chapter18
{
    /// <summary>Exercise 18.1: X (1) or O (2) if that player has three in a line, else 0.</summary>
    /// <param name="board">Nine cells.</param>
    public static int Winner(int[] board)
    {
        foreach (var line in TicTacToe.Lines)
        {
            int a = board[line[0]];
            if (a != TicTacToe.Empty && board[line[1]] == a && board[line[2]] == a) return a;
        }
        return TicTacToe.Empty;
    }

    /// <summary>Exercise 18.2: the number of distinct positions reachable by legal play, not continuing after a finished game.</summary>
    public static int CountPositions()
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int[]>([TicTacToe.NewBoard()]);
        while (stack.Count > 0)
        {
            var board = stack.Pop();
            if (!seen.Add(TicTacToe.Key(board)) || TicTacToe.IsTerminal(board)) continue;
            foreach (var m in TicTacToe.LegalMoves(board)) stack.Push(TicTacToe.Play(board, m));
        }
        return seen.Count;
    }

    /// <summary>Exercise 18.3: -log Σ_{m optimal} softmax(logits)_m, averaged over the batch.</summary>
    /// <param name="logits">(B, 9).</param>
    /// <param name="optimal">(B, 9) bool, at least one true per row.</param>
    public static Tensor PolicyLoss(Tensor logits, Tensor optimal) =>
        (logits.logsumexp(-1) - logits.masked_fill(optimal.logical_not(), double.NegativeInfinity).logsumexp(-1)).mean();

    /// <summary>Exercise 18.4: win, else block, else centre, else the first free corner, else the first free side.</summary>
    /// <param name="board">A non-terminal board.</param>
    public static int RuleMove(int[] board)
    {
        int me = TicTacToe.SideToMove(board);
        foreach (var player in new[] { me, TicTacToe.Opponent(me) })
            for (int cell = 0; cell < 9; cell++)
                if (board[cell] == TicTacToe.Empty
                    && TicTacToe.Lines.Any(l => l.Contains(cell) && l.Count(i => board[i] == player) == 2)) return cell;
        return new[] { 4, 0, 2, 6, 8, 1, 3, 5, 7 }.First(c => board[c] == TicTacToe.Empty);
    }
}
