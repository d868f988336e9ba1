"""A squeeze-and-excitation block: two 1x1 convolutions on the pooled map."""

import keras
import numpy as np

# SE-ResNet-50's first stage (Hu et al., Table 1): fc layers C / R and C wide
H = W = 56
C, R = 256, 16

# --8<-- [start:se]
u = keras.Input(shape=(H, W, C))
# squeeze: one value per channel
z = keras.layers.GlobalAveragePooling2D(keepdims=True)(u)
# Weights only, no biases, as the paper's equation 5 (Section 4) counts them.
fc1 = keras.layers.Conv2D(C // R, 1, activation="relu", use_bias=False)
fc2 = keras.layers.Conv2D(C, 1, activation="sigmoid", use_bias=False)
s = fc2(fc1(z))  # excitation: one sigmoid gate per channel
se = keras.Model(u, keras.layers.Multiply()([u, s]))  # scale each channel
# --8<-- [end:se]

print("squeezed:", fc1.input.shape[1:], "-> reduced:", fc1.output.shape[1:])
print("weights:", fc1.count_params(), "+", fc2.count_params())
print("block parameters:", se.count_params())

# The two 1x1 layers run once per image, on one position: their
# multiply-adds are their weights. Pooling and scaling touch every
# activation once.
fc_madds = fc1.count_params() + fc2.count_params()
activations = H * W * C
print("multiply-adds of the 1x1 layers:", fc_madds)
print("activations to pool, and to scale:", activations)

x = np.random.default_rng(0).normal(size=(1, H, W, C)).astype("float32")
gates = keras.ops.convert_to_numpy(keras.Model(u, s)(x))
y = keras.ops.convert_to_numpy(se(x))
per_channel = np.allclose(y, x * gates, atol=1e-6)
print("one gate per channel:", gates.shape, per_channel)
