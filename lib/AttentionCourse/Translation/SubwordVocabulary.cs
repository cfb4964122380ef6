using AttentionCourse.Text;

namespace AttentionCourse.Translation;

/// <summary>
/// Byte-pair subwords (<see cref="BytePairEncoding"/>) with ids (<see cref="Vocabulary"/>): words become symbols, symbols
/// become ids, and ids decode back to words. Every symbol of the training text has an id, so a name unseen as a word
/// is still spelled from pieces instead of becoming &lt;unk&gt; (only a character never seen in training is unknown).
/// Used in chapter 08.
/// </summary>
public sealed class SubwordVocabulary
{
    /// <summary>The learned merges.</summary>
    public BytePairEncoding Bpe { get; }
    /// <summary>The ids of the symbols (PAD 0, BOS 1, EOS 2, UNK 3, then symbols by decreasing count).</summary>
    public Vocabulary Symbols { get; }

    /// <summary>Learns <paramref name="merges"/> merges from the training sentences and gives every resulting symbol an id.</summary>
    /// <param name="sentences">Tokenised training sentences (words).</param>
    /// <param name="merges">Number of BPE merges.</param>
    public SubwordVocabulary(IReadOnlyList<string[]> sentences, int merges)
    {
        Bpe = BytePairEncoding.Learn(sentences.SelectMany(s => s), merges);
        Symbols = new Vocabulary(sentences.Select(s => Bpe.Encode(s)));
    }

    /// <summary>Number of ids, specials included.</summary>
    public long Count => Symbols.Count;

    /// <summary>The symbols of a sentence's words.</summary>
    /// <param name="words">Words.</param>
    public string[] Split(IEnumerable<string> words) => Bpe.Encode(words).ToArray();

    /// <summary>Ids of a sentence's symbols, with BOS and/or EOS when asked.</summary>
    /// <param name="words">Words.</param>
    /// <param name="bos">Prepend BOS.</param>
    /// <param name="eos">Append EOS.</param>
    public long[] Encode(IEnumerable<string> words, bool bos = false, bool eos = true) => Symbols.Encode(Bpe.Encode(words), bos, eos);

    /// <summary>The symbols of ids up to the first EOS (BOS and PAD dropped).</summary>
    /// <param name="ids">Ids.</param>
    public IReadOnlyList<string> DecodeSymbols(IEnumerable<long> ids) => Symbols.Decode(ids);

    /// <summary>The words of ids up to the first EOS: symbols joined at the end-of-word marks.</summary>
    /// <param name="ids">Ids, e.g. a decoder's output.</param>
    public List<string> Decode(IEnumerable<long> ids) => BytePairEncoding.Decode(Symbols.Decode(ids));
}
