namespace AttentionCourse.Games;

/// <summary>
/// Tic-tac-toe solved exactly: minimax (von Neumann 1928; the negamax form, one value from the side to move's view)
/// with memoisation, so each of the 5,478 legal positions is searched once. Value +1 = the side to move wins with
/// best play, 0 = draw, -1 = loses. Also counts positions and games, to be checked against the known totals
/// (5,478 positions; 255,168 games: X wins 131,184, O wins 77,904, draws 46,080). Used in chapter 18.
/// </summary>
public sealed class Solver
{
    readonly Dictionary<int, int> values = [];

    /// <summary>Positions solved so far (memo entries).</summary>
    public int Solved => values.Count;

    /// <summary>
    /// Negamax value for the side to move: v(b) = -1 if the previous mover just won, 0 if the board is full,
    /// else max over legal moves m of -v(b + m). Memoised by <see cref="TicTacToe.Key"/>.
    /// </summary>
    /// <param name="board">Nine cells.</param>
    public int Value(IReadOnlyList<int> board)
    {
        int key = TicTacToe.Key(board);
        if (values.TryGetValue(key, out int known)) return known;
        int value;
        if (TicTacToe.Winner(board) != TicTacToe.Empty) value = -1;           // the player who just moved has won
        else if (board.All(c => c != TicTacToe.Empty)) value = 0;
        else value = TicTacToe.LegalMoves(board).Max(m => -Value(TicTacToe.Play(board, m)));
        values[key] = value;
        return value;
    }

    /// <summary>The value of each legal move for the side to move: -v(board after the move).</summary>
    /// <param name="board">A non-terminal board.</param>
    /// <returns>(cell, value) per legal move, in cell order.</returns>
    public (int Cell, int Value)[] MoveValues(IReadOnlyList<int> board) =>
        TicTacToe.LegalMoves(board).Select(m => (m, -Value(TicTacToe.Play(board, m)))).ToArray();

    /// <summary>The moves that keep the position's value (all optimal moves), in cell order.</summary>
    /// <param name="board">A non-terminal board.</param>
    public int[] OptimalMoves(IReadOnlyList<int> board)
    {
        var moves = MoveValues(board);
        int best = moves.Max(m => m.Value);
        return moves.Where(m => m.Value == best).Select(m => m.Cell).ToArray();
    }

    /// <summary>Every position reachable from the empty board by legal play (stopping at wins), the empty board included.</summary>
    public static List<int[]> ReachablePositions()
    {
        var seen = new HashSet<int>();
        var all = new List<int[]>();
        void Visit(int[] board)
        {
            if (!seen.Add(TicTacToe.Key(board))) return;
            all.Add(board);
            if (TicTacToe.IsTerminal(board)) return;
            foreach (var m in TicTacToe.LegalMoves(board)) Visit(TicTacToe.Play(board, m));
        }
        Visit(TicTacToe.NewBoard());
        return all;
    }

    /// <summary>
    /// Counts every complete game (sequence of moves from the empty board to a win or a full board) by its result,
    /// memoised per position: games(b) = Σ_m games(b + m).
    /// </summary>
    /// <returns>Games won by X, won by O, and drawn.</returns>
    public static (long XWins, long OWins, long Draws) CountGames()
    {
        var memo = new Dictionary<int, (long, long, long)>();
        (long, long, long) Count(int[] board)
        {
            int key = TicTacToe.Key(board);
            if (memo.TryGetValue(key, out var known)) return known;
            var winner = TicTacToe.Winner(board);
            (long x, long o, long d) total = winner == TicTacToe.X ? (1, 0, 0) : winner == TicTacToe.O ? (0, 1, 0)
                : board.All(c => c != TicTacToe.Empty) ? (0, 0, 1) : (0, 0, 0);
            if (!TicTacToe.IsTerminal(board))
                foreach (var m in TicTacToe.LegalMoves(board))
                {
                    var (x, o, d) = Count(TicTacToe.Play(board, m));
                    total = (total.x + x, total.o + o, total.d + d);
                }
            memo[key] = total;
            return total;
        }
        return Count(TicTacToe.NewBoard());
    }
}
