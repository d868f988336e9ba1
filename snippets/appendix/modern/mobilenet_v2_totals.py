"""Keras's MobileNetV2 against the paper's size and cost."""

import math

import keras

# Sandler et al., arXiv:1801.04381, Section 4 and Table 4: the multiply-adds
# and parameters of the full-width network at its largest input.
PAPER_MADDS, PAPER_PARAMS = 300e6, 3.4e6
# The released checkpoints' table (tensorflow/models, research/slim/nets/
# mobilenet), row mobilenet_v2_1.0_224: its parameters.
RELEASED_PARAMS = 3.47e6

model = keras.applications.MobileNetV2(weights=None)  # nothing downloaded


def multiply_adds(layer):
    if isinstance(layer, keras.layers.Dense):
        return math.prod(layer.kernel.shape)
    _, h, w, c_out = layer.output.shape
    if isinstance(layer, keras.layers.DepthwiseConv2D):  # k*k per channel
        return h * w * c_out * math.prod(layer.kernel_size)
    return h * w * math.prod(layer.kernel.shape)  # k*k*C_in*C_out per pixel


kinds = (keras.layers.Conv2D, keras.layers.DepthwiseConv2D, keras.layers.Dense)
layers = [layer for layer in model.layers if isinstance(layer, kinds)]
total_madds = sum(multiply_adds(layer) for layer in layers)
kernels = sum(math.prod(x.kernel.shape) for x in layers)
biases = sum(math.prod(x.bias.shape) for x in layers if x.use_bias)
norms = [
    x for x in model.layers if isinstance(x, keras.layers.BatchNormalization)
]
norm_params = sum(x.count_params() for x in norms)
norm_running = sum(
    math.prod(w.shape) for x in norms for w in x.non_trainable_weights
)
without_norm = model.count_params() - norm_params

print(f"multiply-adds: {total_madds:,}   paper: {PAPER_MADDS / 1e6:.0f}M")
print(f"count_params(): {model.count_params():,}   paper: 3.4M")
print(f"  kernel weights:      {kernels:>9,}")
print(f"  biases:              {biases:>9,} (the classifier's only)")
print(f"  batch normalization: {norm_params:>9,}")
print(f"    of which running statistics: {norm_running:,}")
print(f"without batch normalization: {without_norm:,}")
print(f"released checkpoints' table: {RELEASED_PARAMS / 1e6:.2f}M")
