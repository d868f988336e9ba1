"""Keras's ResNet50 against the paper: multiply-adds, where the stride sits,
biases.
"""

import math

import keras

# He et al., arXiv:1512.03385, Table 1: FLOPs of ResNet-50. Section 3.3
# counts FLOPs as multiply-adds.
PAPER_FLOPS_RESNET50 = 3.8e9


def multiply_adds(layer):
    """Conv: H_out * W_out * k_h * k_w * C_in * C_out.

    Dense: inputs * outputs.
    """
    if isinstance(layer, keras.layers.Dense):
        return layer.input.shape[-1] * layer.units
    _, h, w, c_out = layer.output.shape
    k_h, k_w = layer.kernel_size
    return h * w * k_h * k_w * layer.input.shape[-1] * c_out


# Keras's defaults: ImageNet's input size and classes
model = keras.applications.ResNet50(weights=None)
convs = [
    layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)
]
dense = [
    layer for layer in model.layers if isinstance(layer, keras.layers.Dense)
]
norms = [
    layer
    for layer in model.layers
    if isinstance(layer, keras.layers.BatchNormalization)
]
total_madds = sum(multiply_adds(layer) for layer in convs + dense)
print(
    f"Keras ResNet50: {total_madds:,} multiply-adds ({total_madds / 1e9:.2f} "
    "billion)"
)
print(f"paper, Table 1: {PAPER_FLOPS_RESNET50 / 1e9:.1f} billion")

# Where a stage begins, the grid halves. Keras strides the block's first 1x1
# convolution (and its projection shortcut), as the authors' released Caffe
# models do.
strided = [
    layer
    for layer in convs
    if layer.strides == (2, 2) and layer.kernel_size == (1, 1)
]
for layer in strided:
    print(
        f"stride 2: {layer.name:<20} {layer.input.shape[1:3]} -> "
        f"{layer.output.shape[1:3]}"
    )
# Later implementations stride the middle one instead: the first 1x1 then runs
# on the input grid, four times as many positions, which adds three times its
# cost.
first_1x1 = [layer for layer in strided if layer.name.endswith("_1_conv")]
madds_stride_on_3x3 = total_madds + sum(
    3 * multiply_adds(layer) for layer in first_1x1
)
print(
    f"with the stride on the 3x3 instead: {madds_stride_on_3x3 / 1e9:.2f} "
    "billion"
)

# Parameters: Keras gives every Conv2D a bias, although batch normalization
# follows each one (the released Caffe models have none); batch normalization
# keeps four numbers per channel, two of which (the moving mean and variance)
# do not train.
conv_biases = sum(layer.filters for layer in convs if layer.use_bias)
norm_params = sum(layer.count_params() for layer in norms)
norm_running = sum(
    math.prod(w.shape) for layer in norms for w in layer.non_trainable_weights
)
print(f"parameters: {model.count_params():,}, of which")
print(f"  conv biases: {conv_biases:,}")
print(
    f"  batch normalization: {norm_params:,} ({norm_running:,} of them "
    "running statistics)"
)
