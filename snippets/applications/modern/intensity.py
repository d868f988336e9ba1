"""Multiply-adds per byte moved, 1x1 against a spatial kernel (ShuffleNet V2's
MAC)."""

import matplotlib.pyplot as plt
import numpy as np

# the legend's names kept apart: SPATIAL below is a kernel size
import _figure_style as style

BYTES = 4  # float32
H = W = 28
SPATIAL = 3  # the layer to compare with: a 3x3 convolution


# --8<-- [start:count]
def multiply_adds(k, c1, c2, hw=H * W):
    return hw * k * k * c1 * c2


def memory_access(k, c1, c2, hw=H * W):
    """Ma et al., G1: read the input and weights, write the output, once."""
    return hw * (c1 + c2) + k * k * c1 * c2


def intensity(k, c1, c2, hw=H * W):
    moved = BYTES * memory_access(k, c1, c2, hw)
    return multiply_adds(k, c1, c2, hw) / moved


C = 128  # ShuffleNet V2's Table 1: the layer as wide out as in
# --8<-- [end:count]
for k in (1, SPATIAL):
    work, moved = multiply_adds(k, C, C), BYTES * memory_access(k, C, C)
    print(f"{k}x{k}, {H}x{W}x{C} -> {C}: {work:>11,} madds, {moved:>9,} B")
    print(f"     {intensity(k, C, C):.1f} multiply-adds per byte")
ratio_work = multiply_adds(SPATIAL, C, C) / multiply_adds(1, C, C)
ratio_bytes = memory_access(SPATIAL, C, C) / memory_access(1, C, C)
print(f"3x3 / 1x1: {ratio_work:.0f}x the work, {ratio_bytes:.2f}x the bytes")

# G1: with the multiply-adds fixed (c1 * c2 = 128 * 128), memory access is
# least at c1 = c2.
splits = [(32, 512), (64, 256), (128, 128), (256, 64), (512, 32)]
macs = {split: memory_access(1, *split) for split in splits}
for (c1, c2), mac in macs.items():
    print(f"1x1 {c1:>3} -> {c2:>3}: MAC {mac:>9,}")
least_mac = min(macs, key=macs.get)

# Over channel widths, on the same H x W map.
widths = 2 ** np.arange(4, 11)
size = (4.4, 2.9)
font = style.smallest_font(size[0])
fig, ax = plt.subplots(figsize=size, facecolor=style.BACKGROUND)
for k, color in ((SPATIAL, style.SPATIAL), (1, style.ONE_BY_ONE)):
    values = [intensity(k, c, c) for c in widths]
    ax.plot(widths, values, "o-", color=color, label=f"{k}×{k}")
    at = intensity(k, C, C)
    offset = {"textcoords": "offset points", "fontsize": font}
    ax.annotate(f"{at:.1f}", (C, at), (6, -12), **offset)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xticks(widths, [str(c) for c in widths], fontsize=font)
# plain numbers, not powers of ten: a superscript would be too small to read
steps = [2, 5, 10, 20, 50, 100, 200]
ax.set_yticks(steps, [str(v) for v in steps], fontsize=font)
ax.minorticks_off()
ax.tick_params(labelsize=font)
ax.set_xlabel(f"channels in = out, on a {H}×{W} map", fontsize=font)
ax.set_ylabel("multiply-adds per byte", fontsize=font)
ax.legend(fontsize=font, frameon=False)
ax.grid(True, which="major", alpha=0.3)
fig.tight_layout()
description = (
    f"Multiply-adds per byte moved against channels, on a {H}×{W} map, log "
    f"scales: the {SPATIAL}×{SPATIAL} line lies above the 1x1 line "
    f"everywhere, {intensity(SPATIAL, C, C):.1f} against "
    f"{intensity(1, C, C):.1f} at {C} channels."
)
fig.savefig("intensity.svg", metadata={"Title": description})
plt.close(fig)
