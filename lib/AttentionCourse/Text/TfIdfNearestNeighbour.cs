namespace AttentionCourse.Text;

/// <summary>
/// A retrieval baseline that learns nothing: represent each training document by TF-IDF weights,
/// w(t, d) = tf(t, d) · ln(N / df(t)), and answer a query with the training document of highest cosine similarity. For
/// translation it returns the target side of the most similar training sentence, the baseline a translation model must
/// beat before its BLEU means anything. Used in chapter 08.
/// </summary>
public sealed class TfIdfNearestNeighbour
{
    readonly Dictionary<string, double> idf;
    readonly Dictionary<string, List<(int Doc, double Weight)>> postings = new(StringComparer.Ordinal);
    readonly double[] norms;

    /// <summary>Indexes the training documents.</summary>
    /// <param name="documents">Tokenised training documents.</param>
    public TfIdfNearestNeighbour(IReadOnlyList<IReadOnlyList<string>> documents)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in documents) foreach (var t in d.Distinct()) df[t] = df.GetValueOrDefault(t) + 1;
        idf = df.ToDictionary(p => p.Key, p => Math.Log(documents.Count / (double)p.Value), StringComparer.Ordinal);
        norms = new double[documents.Count];
        for (int i = 0; i < documents.Count; i++)
            foreach (var (term, weight) in Weights(documents[i]))
            {
                if (!postings.TryGetValue(term, out var list)) postings[term] = list = [];
                list.Add((i, weight));
                norms[i] += weight * weight;
            }
        for (int i = 0; i < norms.Length; i++) norms[i] = Math.Sqrt(norms[i]);
    }

    /// <summary>The TF-IDF weights of a document's terms that occur in the training documents.</summary>
    /// <param name="document">Tokens.</param>
    public Dictionary<string, double> Weights(IReadOnlyList<string> document) =>
        document.Where(idf.ContainsKey).GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count() * idf[g.Key], StringComparer.Ordinal);

    /// <summary>Index of the most similar training document (cosine of TF-IDF vectors; ties to the lower index; 0 when nothing is shared).</summary>
    /// <param name="query">Tokens of the query.</param>
    public int Nearest(IReadOnlyList<string> query)
    {
        var scores = new Dictionary<int, double>();
        foreach (var (term, weight) in Weights(query))
            foreach (var (doc, w) in postings[term]) scores[doc] = scores.GetValueOrDefault(doc) + weight * w;
        int best = 0;
        double bestScore = double.NegativeInfinity;
        foreach (var (doc, dot) in scores.OrderBy(p => p.Key))
        {
            var cosine = norms[doc] == 0 ? 0 : dot / norms[doc];   // the query's own norm is the same for every doc
            if (cosine > bestScore) (best, bestScore) = (doc, cosine);
        }
        return best;
    }
}
