"""Multiply-adds of every network in ResNet's Table 1, counted from the table's
own recipe.
"""

# He et al., arXiv:1512.03385, Table 1: blocks per stage and FLOPs
# (multiply-adds).
PAPER_TABLE_1 = {
    "18-layer": ([2, 2, 2, 2], False, 1.8e9),
    "34-layer": ([3, 4, 6, 3], False, 3.6e9),
    "50-layer": ([3, 4, 6, 3], True, 3.8e9),
    "101-layer": ([3, 4, 23, 3], True, 7.6e9),
    "152-layer": ([3, 8, 36, 3], True, 11.3e9),
}


def conv(side, k, c_in, c_out):
    """Multiply-adds of a k x k convolution with a side x side output."""
    return side * side * k * k * c_in * c_out


def resnet_multiply_adds(blocks, bottleneck, classes=1000):
    total = conv(112, 7, 3, 64)  # conv1: 7x7, 64, strided, on the image
    side, c_in = 56, 64  # after the strided max pool
    for stage, count in enumerate(blocks):
        width = 64 * 2**stage
        c_out = 4 * width if bottleneck else width
        for block in range(count):
            if block == 0 and stage > 0:
                side //= 2  # conv3_1, conv4_1 and conv5_1 have stride 2
            # the stride sits on the first 1x1, as in Keras's ResNet50
            if bottleneck:
                total += conv(side, 1, c_in, width) + conv(
                    side, 3, width, width
                )
                total += conv(side, 1, width, c_out)
            else:
                total += conv(side, 3, c_in, width) + conv(
                    side, 3, width, width
                )
            if bottleneck and c_in != c_out:
                # Section 4.1: option B, a 1x1 projection, where the bottleneck
                # nets widen. The basic-block nets of Table 2 zero-pad
                # instead (option A): no weights.
                total += conv(side, 1, c_in, c_out)
            c_in = c_out
    return total + c_in * classes  # global average pool, then the fc


counted = {}
print(f"{'':<10}{'Table 1':>9}{'counted':>17}{'counted (×10^9)':>17}")
for name, (blocks, bottleneck, paper) in PAPER_TABLE_1.items():
    counted[name] = resnet_multiply_adds(blocks, bottleneck)
    print(
        f"{name:<10}{paper / 1e9:>9.1f}"
        f"{counted[name]:>17,}{counted[name] / 1e9:>17.2f}"
    )

# Which counts land on the table's figure once rounded to its one decimal?
rounded_match = [
    name
    for name, (_, _, paper) in PAPER_TABLE_1.items()
    if round(counted[name] / 1e9, 1) == round(paper / 1e9, 1)
]
print(f"equal to Table 1 after rounding: {', '.join(rounded_match)}")
