namespace AttentionCourse.Games;

/// <summary>
/// Tic-tac-toe positions: a board is 9 cells in reading order (a1 b1 c1 / a2 b2 c2 / a3 b3 c3, row 1 at the top),
/// each 0 (empty), 1 (X) or 2 (O). X moves first, so X is to move when both have placed as many marks.
/// Boards are immutable arrays by convention: <see cref="Play"/> returns a new one. Used in chapter 18.
/// </summary>
public static class TicTacToe
{
    /// <summary>Empty cell.</summary>
    public const int Empty = 0;
    /// <summary>A cross, the first player.</summary>
    public const int X = 1;
    /// <summary>A nought, the second player.</summary>
    public const int O = 2;

    /// <summary>The 8 lines of three cells: 3 rows, 3 columns, 2 diagonals.</summary>
    public static readonly int[][] Lines =
    [
        [0, 1, 2], [3, 4, 5], [6, 7, 8],
        [0, 3, 6], [1, 4, 7], [2, 5, 8],
        [0, 4, 8], [2, 4, 6],
    ];

    /// <summary>Cell names in reading order: a1, b1, c1, a2, ….</summary>
    public static readonly string[] CellNames = ["a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3"];

    /// <summary>The empty board.</summary>
    public static int[] NewBoard() => new int[9];

    /// <summary>Parses 9 characters (X, O and '.' or '-' for empty), e.g. "XX.OO....".</summary>
    /// <param name="cells">Nine characters in reading order.</param>
    public static int[] Parse(string cells)
    {
        if (cells.Length != 9) throw new ArgumentException($"A board has 9 cells, got \"{cells}\".", nameof(cells));
        return cells.Select(c => char.ToUpperInvariant(c) switch { 'X' => X, 'O' => O, _ => Empty }).ToArray();
    }

    /// <summary>The player who has three in a line (X or O), or 0 when nobody has.</summary>
    /// <param name="board">Nine cells.</param>
    public static int Winner(IReadOnlyList<int> board)
    {
        foreach (var l in Lines)
            if (board[l[0]] != Empty && board[l[0]] == board[l[1]] && board[l[1]] == board[l[2]]) return board[l[0]];
        return Empty;
    }

    /// <summary>True when someone has won or the board is full.</summary>
    /// <param name="board">Nine cells.</param>
    public static bool IsTerminal(IReadOnlyList<int> board) => Winner(board) != Empty || board.All(c => c != Empty);

    /// <summary>X when both players have placed as many marks, otherwise O.</summary>
    /// <param name="board">Nine cells.</param>
    public static int SideToMove(IReadOnlyList<int> board) => board.Count(c => c == X) == board.Count(c => c == O) ? X : O;

    /// <summary>The other player.</summary>
    /// <param name="player">X or O.</param>
    public static int Opponent(int player) => 3 - player;

    /// <summary>The empty cells, in reading order.</summary>
    /// <param name="board">Nine cells.</param>
    public static int[] LegalMoves(IReadOnlyList<int> board) => Enumerable.Range(0, 9).Where(i => board[i] == Empty).ToArray();

    /// <summary>A new board with the side to move's mark placed on <paramref name="cell"/>.</summary>
    /// <param name="board">Nine cells.</param>
    /// <param name="cell">An empty cell, 0-8.</param>
    public static int[] Play(IReadOnlyList<int> board, int cell)
    {
        if (board[cell] != Empty) throw new ArgumentException($"Cell {CellNames[cell]} is taken.", nameof(cell));
        var next = board.ToArray();
        next[cell] = SideToMove(board);
        return next;
    }

    /// <summary>A unique number for a board, Σ cell_i 3^i (0 … 19,682).</summary>
    /// <param name="board">Nine cells.</param>
    public static int Key(IReadOnlyList<int> board)
    {
        int key = 0;
        for (int i = 8; i >= 0; i--) key = key * 3 + board[i];
        return key;
    }

    /// <summary>The board of a key made by <see cref="Key"/>.</summary>
    /// <param name="key">0 … 19,682.</param>
    public static int[] FromKey(int key)
    {
        var board = new int[9];
        for (int i = 0; i < 9; i++) { board[i] = key % 3; key /= 3; }
        return board;
    }

    /// <summary>Cells where <paramref name="player"/> would complete a line at once (the line's other two are theirs).</summary>
    /// <param name="board">Nine cells.</param>
    /// <param name="player">X or O.</param>
    public static int[] WinningCells(IReadOnlyList<int> board, int player) =>
        LegalMoves(board).Where(c => Lines.Any(l => l.Contains(c) && l.Count(i => board[i] == player) == 2)).ToArray();

    /// <summary>The line through <paramref name="cell"/> whose other two cells hold <paramref name="player"/>'s marks, or null.</summary>
    /// <param name="board">Nine cells.</param>
    /// <param name="cell">The empty cell.</param>
    /// <param name="player">X or O.</param>
    public static int[]? DecidingLine(IReadOnlyList<int> board, int cell, int player) =>
        Lines.FirstOrDefault(l => l.Contains(cell) && l.Where(i => i != cell).All(i => board[i] == player));

    /// <summary>One row of the board as text, e.g. "X · O".</summary>
    /// <param name="board">Nine cells.</param>
    /// <param name="row">0, 1 or 2 (row 1, 2, 3).</param>
    public static string RowText(IReadOnlyList<int> board, int row) =>
        string.Join(" ", Enumerable.Range(0, 3).Select(c => Symbol(board[3 * row + c])));

    /// <summary>The board in three lines, e.g. "X · O\n· X ·\nO · ·".</summary>
    /// <param name="board">Nine cells.</param>
    public static string Render(IReadOnlyList<int> board) => string.Join("\n", Enumerable.Range(0, 3).Select(r => RowText(board, r)));

    /// <summary>"X", "O" or "·".</summary>
    /// <param name="cell">0, 1 or 2.</param>
    public static string Symbol(int cell) => cell switch { X => "X", O => "O", _ => "·" };
}
