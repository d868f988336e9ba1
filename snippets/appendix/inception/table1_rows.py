"""Every inception row of the paper's Table 1, rebuilt in Keras: weights and
multiply-adds.
"""

import math

import keras

# Szegedy et al., "Going deeper with convolutions", arXiv:1409.4842,
# Table 1: for each inception row, its six filter columns from #1x1 to pool
# proj; the output size; the printed params (in K) and ops (in M).
PAPER_TABLE_1 = {
    "3a": ((64, 96, 128, 16, 32, 32), (28, 28, 256), 159, 128),
    "3b": ((128, 128, 192, 32, 96, 64), (28, 28, 480), 380, 304),
    "4a": ((192, 96, 208, 16, 48, 64), (14, 14, 512), 364, 73),
    "4b": ((160, 112, 224, 24, 64, 64), (14, 14, 512), 437, 88),
    "4c": ((128, 128, 256, 24, 64, 64), (14, 14, 512), 463, 100),
    "4d": ((112, 144, 288, 32, 64, 64), (14, 14, 528), 580, 119),
    "4e": ((256, 160, 320, 32, 128, 128), (14, 14, 832), 840, 170),
    "5a": ((256, 160, 320, 32, 128, 128), (7, 7, 832), 1072, 54),
    "5b": ((384, 192, 384, 48, 128, 128), (7, 7, 1024), 1388, 71),
}
# Each module reads the output of the row above it (the table's max pool rows
# halve the grid); inception (3a) reads the 28x28x192 output of the layers
# before it.
INPUT_SHAPES = {
    "3a": (28, 28, 192),
    "3b": (28, 28, 256),
    "4a": (14, 14, 480),
    "4b": (14, 14, 512),
    "4c": (14, 14, 512),
    "4d": (14, 14, 512),
    "4e": (14, 14, 528),
    "5a": (7, 7, 832),
    "5b": (7, 7, 832),
}


def inception(input_shape, widths):
    n1, n3r, n3, n5r, n5, pool_proj = widths

    def conv(x, filters, size):
        return keras.layers.Conv2D(
            filters, size, padding="same", activation="relu"
        )(x)

    x = keras.Input(shape=input_shape)
    pooled = keras.layers.MaxPooling2D(3, strides=1, padding="same")(x)
    branches = [
        conv(x, n1, 1),
        conv(conv(x, n3r, 1), n3, 3),
        conv(conv(x, n5r, 1), n5, 5),
        conv(pooled, pool_proj, 1),
    ]
    return keras.Model(x, keras.layers.Concatenate()(branches))


def multiply_adds(layer):
    """H_out * W_out * k_h * k_w * C_in * C_out; bias, ReLU and pooling are not
    counted.
    """
    k_h, k_w, c_in, c_out = layer.kernel.shape
    _, h_out, w_out, _ = layer.output.shape
    return h_out * w_out * k_h * k_w * c_in * c_out


rows = {}
print(
    f"{'row':4}{'output':>11}{'paper K':>9}{'weights':>11}"
    f"{'/1000':>8}{'/1024':>8}{'paper M':>9}{'Keras M':>9}"
)
for name, (widths, paper_output, paper_k, paper_m) in PAPER_TABLE_1.items():
    module = inception(INPUT_SHAPES[name], widths)
    convs = [
        layer
        for layer in module.layers
        if isinstance(layer, keras.layers.Conv2D)
    ]
    weights = sum(math.prod(layer.kernel.shape) for layer in convs)
    biases = sum(math.prod(layer.bias.shape) for layer in convs)
    ops = sum(multiply_adds(layer) for layer in convs)
    same_output = module.output_shape[1:] == paper_output
    rows[name] = {
        "weights": weights,
        "biases": biases,
        "params": module.count_params(),
        "ops": ops,
        "positions": module.output_shape[1] * module.output_shape[2],
        "same output": same_output,
    }
    shape = "x".join(str(d) for d in module.output_shape[1:])
    print(
        f"{name:4}{shape:>11}{paper_k:>9}{weights:>11,}{weights / 1000:>8.1f}"
        f"{weights / 1024:>8.1f}{paper_m:>9}{ops / 1e6:>9.1f}"
    )

same_outputs = [n for n, r in rows.items() if r["same output"]]
OPS_TOLERANCE = 1e6  # the paper prints ops in whole M
ops_agree = [
    n
    for n, r in rows.items()
    if abs(r["ops"] - PAPER_TABLE_1[n][3] * 1e6) < OPS_TOLERANCE
]
print(
    f"output size as printed in the paper: {len(same_outputs)} of {len(rows)} "
    "rows"
)
print(
    f"ops within {OPS_TOLERANCE / 1e6:.0f}M of the paper: "
    f"{len(ops_agree)} of {len(rows)} rows"
)
r = rows["3a"]
print(
    f"3a: {r['weights']:,} weights + {r['biases']:,} biases = {r['params']:,} "
    "parameters"
)

# Every weight is used once per output position, so a row's ops should be its
# params times its positions. Row 5a's two printed numbers do not fit each
# other that way.
paper_5a_k, paper_5a_m = PAPER_TABLE_1["5a"][2:]
ops_from_paper_params_5a = paper_5a_k * 1e3 * rows["5a"]["positions"]
print(
    f"5a: printed params x {rows['5a']['positions']} positions = "
    f"{ops_from_paper_params_5a / 1e6:.1f}M, printed ops {paper_5a_m}M"
)
