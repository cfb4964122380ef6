namespace AttentionCourse.Games;

/// <summary>A player: given a non-terminal board and a random source, the cell it plays.</summary>
/// <param name="board">Nine cells; the player is <see cref="TicTacToe.SideToMove"/>.</param>
/// <param name="random">For players that choose at random (seeded by the match).</param>
public delegate int Player(int[] board, Random random);

/// <summary>
/// The players chapter 18 matches against each other: uniform random, a one-ply rule player, the perfect solver
/// (a random choice among optimal moves, so its games vary), and any fixed table of moves (a trained network's).
/// </summary>
public static class Players
{
    /// <summary>A uniformly random legal move.</summary>
    public static Player Random => (board, random) =>
    {
        var moves = TicTacToe.LegalMoves(board);
        return moves[random.Next(moves.Length)];
    };

    /// <summary>Perfect play: uniformly one of the solver's optimal moves.</summary>
    /// <param name="solver">The solver whose memo it shares.</param>
    public static Player Perfect(Solver solver) => (board, random) =>
    {
        var moves = solver.OptimalMoves(board);
        return moves[random.Next(moves.Length)];
    };

    /// <summary>
    /// The one-ply rule player a beginner is taught: win if you can, block the opponent's immediate win if you must,
    /// else take the centre, else a corner, else a side (first in reading order). Deterministic.
    /// </summary>
    public static Player Heuristic => (board, _) => HeuristicMove(board);

    /// <summary>The move of <see cref="Heuristic"/>.</summary>
    /// <param name="board">A non-terminal board.</param>
    public static int HeuristicMove(IReadOnlyList<int> board)
    {
        int me = TicTacToe.SideToMove(board);
        var win = TicTacToe.WinningCells(board, me);
        if (win.Length > 0) return win[0];
        var block = TicTacToe.WinningCells(board, TicTacToe.Opponent(me));
        if (block.Length > 0) return block[0];
        foreach (var cell in new[] { 4, 0, 2, 6, 8, 1, 3, 5, 7 })
            if (board[cell] == TicTacToe.Empty) return cell;
        throw new ArgumentException("The board is full.", nameof(board));
    }

    /// <summary>Plays the move stored for each position (by <see cref="TicTacToe.Key"/>), e.g. a network's argmax.</summary>
    /// <param name="moves">Move per position key.</param>
    public static Player FromTable(IReadOnlyDictionary<int, int> moves) => (board, _) => moves[TicTacToe.Key(board)];
}

/// <summary>Results of a series of games, from the first-named player's view.</summary>
/// <param name="Wins">Games the player won.</param>
/// <param name="Draws">Drawn games.</param>
/// <param name="Losses">Games the player lost.</param>
public sealed record MatchResult(int Wins, int Draws, int Losses);

/// <summary>Plays series of games between two players.</summary>
public static class Match
{
    /// <summary>Plays one game and returns the winner (X or O) or 0 for a draw.</summary>
    /// <param name="x">The player with X (moves first).</param>
    /// <param name="o">The player with O.</param>
    /// <param name="random">Random source passed to both players.</param>
    public static int PlayGame(Player x, Player o, Random random)
    {
        var board = TicTacToe.NewBoard();
        while (!TicTacToe.IsTerminal(board))
            board = TicTacToe.Play(board, (TicTacToe.SideToMove(board) == TicTacToe.X ? x : o)(board, random));
        return TicTacToe.Winner(board);
    }

    /// <summary>Plays <paramref name="games"/> games of <paramref name="player"/> against <paramref name="opponent"/>.</summary>
    /// <param name="player">The player whose results are counted.</param>
    /// <param name="opponent">The other player.</param>
    /// <param name="playerSide">X (player moves first) or O.</param>
    /// <param name="games">Number of games; default 1,000.</param>
    /// <param name="seed">Seed of the random source; default 0.</param>
    public static MatchResult Series(Player player, Player opponent, int playerSide, int games = 1000, int seed = 0)
    {
        var random = new Random(seed);
        int wins = 0, draws = 0, losses = 0;
        for (int g = 0; g < games; g++)
        {
            int winner = playerSide == TicTacToe.X ? PlayGame(player, opponent, random) : PlayGame(opponent, player, random);
            if (winner == TicTacToe.Empty) draws++;
            else if (winner == playerSide) wins++;
            else losses++;
        }
        return new MatchResult(wins, draws, losses);
    }
}
