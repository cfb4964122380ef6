using AttentionCourse.Efficient;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter19SolutionTests
{
    public Chapter19SolutionTests() => T.Init();

    [Fact]
    public void Window_mask_solution_equals_the_library_mask()
    {
        Check.Strict.Close("19.1", () => Chapter19.WindowMask(12, 3).to_type(ScalarType.Float32),
            SparseMasks.SlidingWindow(12, 3).to_type(ScalarType.Float32));
    }

    [Fact]
    public void Kv_bytes_solution_gives_half_a_mebibyte_for_a_7B_configuration()
    {
        Check.Strict.Close("19.2", () => Chapter19.KvBytesPerToken(1, 32, 32, 128, 2), 524288, tolerance: 0);
    }

    [Fact]
    public void Linear_attention_solution_equals_the_library()
    {
        Check.Strict.Function("19.3", a => Chapter19.Linear(a[0], a[1], a[2]), a => LinearAttention.Parallel(a[0], a[1], a[2], is_causal: false),
            [[2, 5, 8], [2, 9, 8], [2, 9, 4]]);
    }

    [Fact]
    public void Causal_chunked_solution_equals_the_fused_kernel()
    {
        Check.Strict.Function("19.4", a => Chapter19.CausalChunked(a[0], a[1], a[2], 4),
            a => nn.functional.scaled_dot_product_attention(a[0], a[1], a[2], is_casual: true), [[2, 11, 8], [2, 13, 8], [2, 13, 8]]);
    }
}
