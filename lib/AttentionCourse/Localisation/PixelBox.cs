namespace AttentionCourse.Localisation;

/// <summary>
/// An axis-aligned box in pixels: rows <see cref="Top"/>..<see cref="Bottom"/>−1 and columns
/// <see cref="Left"/>..<see cref="Right"/>−1 (end-exclusive, like a slice). Used in chapter 14.
/// </summary>
/// <param name="Top">First row.</param>
/// <param name="Left">First column.</param>
/// <param name="Bottom">One past the last row.</param>
/// <param name="Right">One past the last column.</param>
public readonly record struct PixelBox(int Top, int Left, int Bottom, int Right)
{
    /// <summary>Number of pixels inside, 0 for an empty box.</summary>
    public int Area => Math.Max(0, Bottom - Top) * Math.Max(0, Right - Left);

    /// <summary>
    /// Intersection over union, |A ∩ B| / |A ∪ B| (the localisation score of PASCAL VOC and of Choe et al. 2020); 0 when
    /// both are empty.
    /// </summary>
    /// <param name="other">The other box.</param>
    public double IoU(PixelBox other)
    {
        int h = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top), w = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        int inter = Math.Max(0, h) * Math.Max(0, w), union = Area + other.Area - inter;
        return union == 0 ? 0 : (double)inter / union;
    }
}
