using AttentionCourse.Notebooks;

// In namespace System, as in .NET Interactive, so `x.Display()` needs no using directive.
namespace System;

/// <summary><c>x.Display()</c> for notebooks, as .NET Interactive defines it.</summary>
public static class DisplayExtensions
{
    /// <summary>Displays <paramref name="value"/> as an output of the running cell.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => global::AttentionCourse.Notebooks.Display.Show(value, mimeTypes);
}
