"""The same convolution as explicit sums: checked against Keras,
multiplications counted.
"""

import keras
import numpy as np

conv = keras.layers.Conv2D(filters=2, kernel_size=(3, 3), activation="relu")
image = (
    np.random.default_rng(seed=0).normal(size=(1, 6, 6, 3)).astype("float32")
)
keras_output = keras.ops.convert_to_numpy(conv(image))[0]

# Keras stores the kernel as (rows, columns, input channels, filters).
kernel, bias = conv.get_weights()
rows, cols, channels, filters = kernel.shape
out_h = image.shape[1] - rows + 1
out_w = image.shape[2] - cols + 1

output = np.zeros((out_h, out_w, filters), dtype="float32")
multiplications = 0
for f in range(filters):
    for i in range(out_h):
        for j in range(out_w):
            total = bias[f]
            for c in range(channels):
                for u in range(rows):
                    for v in range(cols):
                        total += kernel[u, v, c, f] * image[0, i + u, j + v, c]
                        multiplications += 1
            output[i, j, f] = max(total, 0.0)  # ReLU

print("output shape:", output.shape)
same_as_keras = np.allclose(output, keras_output, atol=1e-5)
print("same as Keras:", same_as_keras)
print("multiplications:", multiplications)
