"""Detection heads: FPN's lateral 1x1 layers, the RPN's sibling 1x1 layers."""

import keras

D = 256  # FPN: each pyramid level has d = 256 channels (Lin et al., Section 3)
K = 9  # RPN: k = 9 anchors, scales times ratios (Ren et al., Section 3.1.1)

# --8<-- [start:fpn]
# ResNet-50's stage outputs C2..C5 for an ImageNet image: (side, channels).
stages = {"C2": (56, 256), "C3": (28, 512), "C4": (14, 1024), "C5": (7, 2048)}
inputs = {n: keras.Input((s, s, c), name=n) for n, (s, c) in stages.items()}
laterals = {n: keras.layers.Conv2D(D, 1, name=f"lat_{n}") for n in stages}
top_down = None
outputs = []
for name in reversed(stages):  # C5 first: coarse to fine
    merged = laterals[name](inputs[name])  # 1x1, no activation: C -> D
    if top_down is not None:
        upsampled = keras.layers.UpSampling2D(2)(top_down)
        merged = keras.layers.Add()([upsampled, merged])
    top_down = merged
    outputs.append(keras.layers.Conv2D(D, 3, padding="same")(merged))
fpn = keras.Model(list(inputs.values()), outputs)  # P5..P2
# --8<-- [end:fpn]

for name, layer in laterals.items():
    side, channels = stages[name]
    count = layer.count_params()
    print(f"lateral {name}: {channels:>4} -> {D} on {side}x{side}: {count:,}")
lateral_params = sum(layer.count_params() for layer in laterals.values())
lateral_madds = sum(s * s * c * D for s, c in stages.values())
print(f"laterals: {lateral_params:,} parameters")
print(f"laterals: {lateral_madds:,} multiply-adds")
print(f"whole FPN top-down: {fpn.count_params():,} parameters")
linear = all(x.activation.__name__ == "linear" for x in laterals.values())
print("laterals linear:", linear)

# --8<-- [start:rpn]
# The RPN on VGG-16's conv5_3 (512 channels), for a map of any size.
features = keras.Input(shape=(None, None, 512))
conv = keras.layers.Conv2D(512, 3, padding="same", activation="relu")
hidden = conv(features)
cls = keras.layers.Conv2D(2 * K, 1, name="cls")(hidden)  # object or not
reg = keras.layers.Conv2D(4 * K, 1, name="reg")(hidden)  # 4 box offsets
rpn = keras.Model(features, [cls, reg])
# --8<-- [end:rpn]

siblings = sum(rpn.get_layer(n).count_params() for n in ("cls", "reg"))
sibling_weights = 512 * (4 + 2) * K  # the paper's count: no biases
hidden_weights = 3 * 3 * 512 * 512
print(f"cls + reg: {siblings:,} parameters")
print(f"  without biases: {sibling_weights:,}")
print(f"whole RPN head: {rpn.count_params():,} parameters")
print(f"  without biases: {hidden_weights + sibling_weights:,}")
