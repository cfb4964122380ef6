using AttentionCourse.Display;
using AttentionCourse.Tasks;

namespace AttentionCourse.Memory;

/// <summary>Pictures of a memory network's hops for chapter 11.</summary>
public static class MemoryFigures
{
    /// <summary>The prefix that marks a gold supporting sentence in a row label: an ASCII star, because the fonts the PNG is drawn with may lack "★".</summary>
    public const string GoldMark = "* ";

    /// <summary>
    /// One story's hop attention as a heatmap: one row per sentence, labelled with its text (gold supporting sentences
    /// prefixed with <see cref="GoldMark"/>), one column per hop; cell (i, k) is p_i of hop k+1 (colour scale fixed to [0, 1]). The question is the title,
    /// the gold and predicted answers are under the hop axis. Used in chapter 11.
    /// </summary>
    /// <param name="story">The story.</param>
    /// <param name="hops">[k][i] attention of each hop over the story's sentences (<see cref="MemoryResult.HopWeights"/>[n]).</param>
    /// <param name="predicted">The model's answer, shown in the title beside the gold one.</param>
    public static Figure Hops(BabiStory story, float[][] hops, string predicted)
    {
        var (values, rows, columns) = HopTable(story, hops);
        return Figures.Heatmap(values, rows, columns, story.QuestionText, $"hop (gold: {story.Answer}, model: {predicted})", "sentence (* = gold fact)",
            min: 0, max: 1, colorBarTitle: "attention p_i");
    }

    /// <summary>The matrix and labels behind <see cref="Hops"/>: values[i, k] = hops[k][i].</summary>
    internal static (double[,] Values, string[] Rows, string[] Columns) HopTable(BabiStory story, float[][] hops)
    {
        int S = story.Sentences.Length, K = hops.Length;
        var values = new double[S, K];
        for (int i = 0; i < S; i++)
            for (int k = 0; k < K; k++) values[i, k] = hops[k][i];
        var rows = Enumerable.Range(0, S).Select(i => (story.Supporting.Contains(i) ? GoldMark : "") + story.SentenceText(i)).ToArray();
        var columns = Enumerable.Range(1, K).Select(k => $"hop {k}").ToArray();
        return (values, rows, columns);
    }
}
