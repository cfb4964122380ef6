using AttentionCourse.Exercises;
using AttentionCourse.Games;
using AttentionCourse.Solutions;

namespace AttentionCourse.Tests.Solutions;

public class Chapter18SolutionTests
{
    public Chapter18SolutionTests() => T.Init();

    [Fact]
    public void Winner_solution_agrees_with_the_library_on_every_legal_position()
    {
        var positions = Solver.ReachablePositions();
        Check.Strict.Close("18.1", () => positions.Average(b => Chapter18.Winner(b) == TicTacToe.Winner(b) ? 1.0 : 0.0), 1.0, tolerance: 0);
    }

    [Fact]
    public void Position_count_solution_gives_the_known_5478()
    {
        Check.Strict.Close("18.2", () => Chapter18.CountPositions(), 5478, tolerance: 0);
    }

    [Fact]
    public void Policy_loss_solution_equals_the_library_loss()
    {
        Check.Strict.Function("18.3", a => Chapter18.PolicyLoss(a[0], a[1].gt(0).logical_or(a[1].eq(a[1].amax([1], keepdim: true)))),
            a => GameData.PolicyLoss(a[0], a[1].gt(0).logical_or(a[1].eq(a[1].amax([1], keepdim: true)))), [[6, 9], [6, 9]]);
    }

    [Fact]
    public void Rule_move_solution_equals_the_heuristic_player_everywhere()
    {
        var boards = Solver.ReachablePositions().Where(b => !TicTacToe.IsTerminal(b)).ToList();
        Check.Strict.Close("18.4", () => boards.Average(b => Chapter18.RuleMove(b) == Players.HeuristicMove(b) ? 1.0 : 0.0), 1.0, tolerance: 0);
    }
}
