"""Multiply-adds of a SAGAN attention block: the N x N products
dominate, a small C-bar shrinks them.
"""

import math

CHANNELS = 64

# SAGAN, Section 5.2 (Table 1): FID with attention on 8x8 vs 32x32 feature maps
# (lower is better).
PAPER_FID = {8: 22.98, 32: 18.28}


def conv1x1_madds(pixels, c_in, c_out):
    """A 1x1 convolution: one c_in x c_out matrix-vector product per pixel."""
    return pixels * c_in * c_out


def matmul_madds(rows, inner, cols):
    """(rows x inner) @ (inner x cols): inner multiply-adds for each output
    entry.
    """
    return rows * inner * cols


def block_madds(n, channels, reduced):
    """(1x1 convolutions, the two N x N products) for a map of n pixels and
    `channels`.
    """
    convs = 3 * conv1x1_madds(n, channels, reduced) + conv1x1_madds(
        n, reduced, channels
    )
    scores = matmul_madds(n, reduced, n)  # g f^T: N x C-bar times C-bar x N
    mixing = matmul_madds(n, n, reduced)  # beta h: N x N times N x C-bar
    return convs, scores + mixing


# The block on this page, with C-bar an eighth of C, and the same products with
# C-bar = C.
side = 16
n = side * side
convs, products = block_madds(n, CHANNELS, CHANNELS // 8)
_, products_full = block_madds(n, CHANNELS, CHANNELS)
print(f"N = {n}, attention map {n} x {n} = {n * n:,} entries")
print(f"1x1 convolutions f, g, h, v:    {convs:>10,}")
print(f"two N x N products, C-bar = 8:  {products:>10,}")
print(f"two N x N products, C-bar = 64: {products_full:>10,}")
print(f"C/8 makes the products {products_full // products}x cheaper")
print()

print("side      N   map entries  map (float32)   1x1 convs  N x N products")
sizes = {}
for s in (8, 16, 32, 64, 128):
    c, p = block_madds(s * s, CHANNELS, CHANNELS // 8)
    entries = (s * s) ** 2
    sizes[s] = {
        "shape": (s, s),
        "n": s * s,
        "convs": c,
        "products": p,
        "entries": entries,
    }
    sizes[s]["kib"] = entries * 4 // 1024
    print(
        f"{s:>4} {s * s:>6} {entries:>13,} {entries * 4 // 1024:>10,} KiB "
        f"{c:>11,} {p:>15,}"
    )

# Which costs more, pixel count by pixel count: the convolutions grow with N,
# the products with N times N, so the convolutions while N is small, the
# products after.
by_pixels = {
    pixels: block_madds(pixels, CHANNELS, CHANNELS // 8)
    for pixels in range(1, 64 * 64 + 1)
}
convs_cost_more = [pixels for pixels, (c, p) in by_pixels.items() if c > p]
largest_side = math.isqrt(max(convs_cost_more))  # the largest square map
print()
print(
    f"1x1 convolutions cost more for N < {max(convs_cost_more) + 1}: "
    f"square maps up to {largest_side}x{largest_side}"
)

# The authors' released code (brain-research/self-attention-gan, non_local.py)
# max-pools keys and values over RELEASED_POOL windows, which shrinks the map's
# columns by the window's area, and gives h half of C rather than C-bar.
RELEASED_POOL = (2, 2)
pooled = n // (RELEASED_POOL[0] * RELEASED_POOL[1])
released_map = (n, pooled)
released_products = matmul_madds(n, CHANNELS // 8, pooled) + matmul_madds(
    n, pooled, CHANNELS // 2
)
print()
print(f"released code: map {n} x {pooled}, two products {released_products:,}")
