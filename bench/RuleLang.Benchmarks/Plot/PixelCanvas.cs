using System;

namespace RuleLang.Benchmarks.Plot;

/// <summary>An RGB pixel buffer with the few drawing operations a line plot needs.</summary>
public sealed class PixelCanvas
{
    private readonly byte[] _rgb;

    public PixelCanvas(int width, int height, Rgb background)
    {
        Width = width;
        Height = height;
        _rgb = new byte[width * height * 3];
        FillRectangle(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] ToPng() => PngEncoder.Encode(Width, Height, _rgb);

    public void Set(int x, int y, Rgb colour)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return;
        }
        int at = ((y * Width) + x) * 3;
        _rgb[at] = colour.R;
        _rgb[at + 1] = colour.G;
        _rgb[at + 2] = colour.B;
    }

    public void FillRectangle(int x, int y, int width, int height, Rgb colour)
    {
        for (int row = y; row < y + height; row++)
        {
            for (int column = x; column < x + width; column++)
            {
                Set(column, row, colour);
            }
        }
    }

    /// <summary>A line of the given thickness; with <paramref name="dash"/> &gt; 0, drawn <paramref name="dash"/> pixels on, as many off.</summary>
    public void Line(double x0, double y0, double x1, double y1, Rgb colour, int thickness = 1, int dash = 0)
    {
        double length = Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0));
        int steps = Math.Max(1, (int)Math.Ceiling(length));
        for (int i = 0; i <= steps; i++)
        {
            if (dash > 0 && (i / dash) % 2 == 1)
            {
                continue;
            }
            double x = x0 + ((x1 - x0) * i / steps);
            double y = y0 + ((y1 - y0) * i / steps);
            FillRectangle((int)Math.Round(x) - (thickness / 2), (int)Math.Round(y) - (thickness / 2), thickness, thickness, colour);
        }
    }

    public void Text(int x, int y, string text, Rgb colour, int scale = 2)
    {
        for (int i = 0; i < text.Length; i++)
        {
            for (int row = 0; row < PixelFont.Height; row++)
            {
                for (int column = 0; column < PixelFont.Width; column++)
                {
                    if (PixelFont.IsSet(text[i], column, row))
                    {
                        FillRectangle(x + (((i * (PixelFont.Width + 1)) + column) * scale), y + (row * scale), scale, scale, colour);
                    }
                }
            }
        }
    }

    public static int TextWidth(string text, int scale = 2) => Math.Max(0, (text.Length * (PixelFont.Width + 1)) - 1) * scale;
}
