using AttentionCourse.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Tasks;

public class DigitSequencesTests
{
    [Fact]
    public void Same_seed_gives_the_same_data_and_another_seed_differs()
    {
        T.Init();
        var a = DigitSequences.Generate(20, 2, 6, reverse: true, seed: 7);
        var b = DigitSequences.Generate(20, 2, 6, reverse: true, seed: 7);
        var c = DigitSequences.Generate(20, 2, 6, reverse: true, seed: 8);
        Assert.True(a.src.eq(b.src).all().item<bool>());
        Assert.False(a.src.eq(c.src).all().item<bool>());
    }

    [Fact]
    public void Seeded_data_is_identical_on_every_machine()
    {
        T.Init();
        // System.Random(seed) with an explicit seed is specified to give the same stream on every platform;
        // this pins the first row so a change of generator shows up.
        var (src, _, _) = DigitSequences.Generate(1, 3, 3, reverse: false, seed: 42);
        var digits = string.Concat(src[0].data<long>().ToArray().Select(DigitSequences.Token));
        var random = new Random(42);
        random.Next(3, 4);                                                    // the length draw
        var expected = string.Concat(Enumerable.Range(0, 3).Select(_ => random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "<eos>";
        Assert.Equal(expected, digits);
    }

    [Fact]
    public void Reverse_task_targets_are_the_reversed_source_digits()
    {
        T.Init();
        var (src, tgtIn, tgtOut) = DigitSequences.Generate(50, 1, 8, reverse: true, seed: 3);
        for (var n = 0; n < 50; n++)
        {
            var s = src[n].data<long>().ToArray();
            var length = Array.IndexOf(s, DigitSequences.EOS);
            Assert.InRange(length, 1, 8);
            var digits = s[..length];
            var expectedOut = digits.Reverse().Append(DigitSequences.EOS).ToArray();
            var o = tgtOut[n].data<long>().ToArray();
            Assert.Equal(expectedOut, o[..(length + 1)]);
            Assert.All(o[(length + 1)..], t => Assert.Equal(DigitSequences.PAD, t));
            var i = tgtIn[n].data<long>().ToArray();
            Assert.Equal(new[] { DigitSequences.BOS }.Concat(expectedOut[..length]).ToArray(), i[..(length + 1)]);
        }
    }

    [Fact]
    public void Copy_task_targets_equal_the_source()
    {
        T.Init();
        var (src, _, tgtOut) = DigitSequences.Generate(30, 1, 5, reverse: false, seed: 1);
        Assert.True(src.eq(tgtOut).all().item<bool>());
        Assert.True(src.max().item<long>() < DigitSequences.VocabSize);
    }
}
