using AttentionCourse.Display;
using AttentionCourse.Games;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Games;

public class SolverTests
{
    [Fact]
    public void Reachable_positions_number_the_known_5478()
    {
        Assert.Equal(5478, Solver.ReachablePositions().Count);
    }

    [Fact]
    public void Game_counts_match_the_known_totals()
    {
        var (x, o, d) = Solver.CountGames();
        Assert.Equal(255168, x + o + d);
        Assert.Equal(131184, x);
        Assert.Equal(77904, o);
        Assert.Equal(46080, d);
    }

    [Fact]
    public void Perfect_play_from_the_empty_board_is_a_draw()
    {
        var solver = new Solver();
        Assert.Equal(0, solver.Value(TicTacToe.NewBoard()));
        Assert.Equal(5478, solver.Solved);   // memoisation: each reachable position once
        Assert.Equal(9, solver.OptimalMoves(TicTacToe.NewBoard()).Length);  // every first move keeps the draw
    }

    [Fact]
    public void A_hand_solved_position_has_its_one_winning_and_blocking_moves()
    {
        var solver = new Solver();
        // X X . / O O . / . . . , X to move: c1 wins at once; any other move lets O win at c2.
        var board = TicTacToe.Parse("XX.OO....");
        Assert.Equal(1, solver.Value(board));
        Assert.Equal([2], solver.OptimalMoves(board));
        // X X . / O . . / . . . , O to move: blocking at c1 does not save O (X forks with b2), so every move loses.
        var lost = TicTacToe.Parse("XX.O.....");
        Assert.Equal(-1, solver.Value(lost));
        Assert.Equal(6, solver.OptimalMoves(lost).Length);   // all 6 legal moves
        // X . X / . O . / . . . , O to move: the block at b1 is the only move that keeps the draw.
        var block = TicTacToe.Parse("X.X.O....");
        Assert.Equal(0, solver.Value(block));
        Assert.Equal([1], solver.OptimalMoves(block));
    }

    [Fact]
    public void Terminal_values_are_from_the_side_to_move()
    {
        var solver = new Solver();
        Assert.Equal(-1, solver.Value(TicTacToe.Parse("XXXOO....")));   // X just won; O to move has lost
        Assert.Equal(0, solver.Value(TicTacToe.Parse("XOXXOOOXX")));    // full, nobody won
    }
}

public class PlayersTests
{
    [Fact]
    public void Perfect_players_always_draw_and_never_lose_to_random()
    {
        var solver = new Solver();
        Assert.Equal(new MatchResult(0, 200, 0), Match.Series(Players.Perfect(solver), Players.Perfect(solver), TicTacToe.X, 200, seed: 1));
        Assert.Equal(0, Match.Series(Players.Perfect(solver), Players.Random, TicTacToe.O, 300, seed: 2).Losses);
    }

    [Fact]
    public void Heuristic_wins_before_it_blocks_and_takes_the_centre_otherwise()
    {
        Assert.Equal(2, Players.HeuristicMove(TicTacToe.Parse("XX.OO....")));
        Assert.Equal(2, Players.HeuristicMove(TicTacToe.Parse("OO.XX..X.")));   // O to move: its win at c1 before blocking c2
        Assert.Equal(4, Players.HeuristicMove(TicTacToe.Parse("X........")));
    }

    [Fact]
    public void Random_player_loses_sometimes_to_perfect_play()
    {
        var solver = new Solver();
        var r = Match.Series(Players.Random, Players.Perfect(solver), TicTacToe.X, 200, seed: 3);
        Assert.Equal(0, r.Wins);
        Assert.True(r.Losses > 50, $"random lost only {r.Losses} of 200");
    }
}

public class PolicyValueTests
{
    public PolicyValueTests() => T.Init();

    [Fact]
    public void Data_holds_the_4520_non_terminal_positions_with_legal_optimal_moves()
    {
        var data = GameData.AllPositions(new Solver());
        Assert.Equal(4520, data.Boards.Count);
        Assert.Equal([4520L, 10], data.Tokens.shape);
        // every optimal move is on an empty cell, and every position has one
        Assert.False(data.Optimal.logical_and(data.Tokens[.., ..9].ne(0)).any().item<bool>());
        Assert.True(data.Optimal.any(1).all().item<bool>());
    }

    [Fact]
    public void Policy_loss_is_minus_log_of_the_mass_on_the_optimal_set()
    {
        var logits = tensor(new float[] { 0, MathF.Log(2), MathF.Log(3), float.NegativeInfinity, 0, 0, 0, 0, 0 }).view(1, 9);
        var optimal = zeros(1, 9, ScalarType.Bool);
        optimal[0, 1] = true; optimal[0, 2] = true;
        // softmax mass on cells 1 and 2: (2 + 3) / (1 + 2 + 3 + 5) = 5/11
        Assert.Equal(-Math.Log(5.0 / 11), GameData.PolicyLoss(logits, optimal).item<float>(), 5);
    }

    [Fact]
    public void Transformer_masks_occupied_cells_and_keeps_its_attention()
    {
        var net = new PolicyValueTransformer(16, 2, 2, 32);
        var tokens = GameData.Encode([TicTacToe.Parse("XO.......")]);
        var (policy, value) = net.call(tokens);
        Assert.Equal([1L, 9], policy.shape);
        Assert.Equal([1L, 3], value.shape);
        Assert.True(double.IsNegativeInfinity(policy[0, 0].item<float>()) && double.IsNegativeInfinity(policy[0, 1].item<float>()));
        Assert.True(policy[0, 2..].isfinite().all().item<bool>());
        var weights = net.AttentionWeights();
        Assert.Equal([2L, 1, 2, 10, 10], weights.shape);
        T.Close(ones(2, 1, 2, 10), weights.sum(-1), 1e-5);
    }

    [Fact]
    public void A_short_training_beats_random_moves_clearly()
    {
        var solver = new Solver();
        var data = GameData.AllPositions(solver);
        var mlp = new PolicyValueMlp(64);
        GameTraining.Train(mlp, data, steps: 300, quiet: true);
        var random = data.Boards.Average(b => (double)solver.OptimalMoves(b).Length / TicTacToe.LegalMoves(b).Length);
        Assert.True(GameTraining.Evaluate(mlp, data).Moves > random + 0.2);
    }

    [Fact]
    public void Deciding_positions_have_one_cell_and_its_line()
    {
        var deciding = GameTraining.DecidingPositions([TicTacToe.Parse("XX.OO...."), TicTacToe.Parse("XX.O....."), TicTacToe.Parse(".........")]);
        Assert.Equal(2, deciding.Count);
        Assert.True(deciding[0].IsWin && deciding[0].Cell == 2 && deciding[0].Line.SequenceEqual([0, 1, 2]));
        Assert.True(!deciding[1].IsWin && deciding[1].Cell == 2);
    }

    [Fact]
    public void Line_share_of_uniform_attention_is_chance()
    {
        // A model whose attention is uniform: zero the query and key projections, so every score is equal.
        var net = new PolicyValueTransformer(16, 2, 1, 32);
        using (no_grad())
            foreach (var l in net.layers) { l.self_attn.in_proj_weight!.zero_(); l.self_attn.in_proj_bias!.zero_(); }
        var deciding = GameTraining.DecidingPositions(GameData.AllPositions(new Solver()).Boards.Take(500));
        foreach (var s in GameTraining.LineShares(net, deciding))
        {
            Assert.Equal(0.2, s.Win, 4);
            Assert.Equal(0.2, s.Block, 4);
        }
    }

    [Fact]
    public void Board_grid_rejects_mismatched_labels_and_draws_otherwise()
    {
        var map = new double[3, 3];
        Assert.Throws<ArgumentException>(() => Figures.BoardGrid([map, map], [["1", "2", "3"]], ["a", "b", "c"], ["one", "two"]));
        var figure = Figures.BoardGrid([map], [["1", "2", "3"]], ["a", "b", "c"], ["one"]);
        Assert.True(figure.PngBytes.Length > 1000);
    }
}
