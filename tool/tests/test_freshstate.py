"""Each snippet starts from the same state, whatever ran before it (``doccheck/freshstate.py``)."""

from __future__ import annotations

from doccheck.layout import Project, Snippet
from doccheck.runner import KERAS_BACKEND, run_snippet

SNIPPETS = {
    "names": (
        "import keras\n\n"
        "layer = keras.layers.Conv2D(2, 1)\n"
        "layer.build((None, 4, 4, 3))\n"
        "print(layer.name, float(layer.get_weights()[0].sum()))\n"
    ),
    "keras_noise": (
        "import keras\n\n"
        "noise = keras.ops.convert_to_numpy(keras.random.normal((3,)))\n"
        "print(keras.layers.Dense(3).name, float(noise.sum()))\n"
    ),
}
if KERAS_BACKEND == "tensorflow":
    # A stateful TensorFlow op keeps its generator in TensorFlow's kernel cache (which the
    # runner keeps between snippets on TensorFlow alone: doccheck/freshstate.py).
    SNIPPETS["tf_noise"] = (
        "import tensorflow as tf\n\nprint(float(tf.random.normal((3,)).numpy().sum()))\n"
    )


def test_a_snippet_prints_the_same_whatever_ran_before(tmp_path):
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    for name, source in SNIPPETS.items():
        (tmp_path / "snippets" / "p" / f"{name}.py").write_text(source, "utf-8")
    snippets = [Snippet(f"p/{name}", Project(tmp_path)) for name in SNIPPETS]
    first = {s.name: run_snippet(s) for s in snippets}
    assert all(r.error is None for r in first.values()), [r.error for r in first.values()]
    assert first["p/names"].stdout.startswith("conv2d ")
    assert first["p/keras_noise"].stdout.startswith("dense ")
    for snippet in [*reversed(snippets), *snippets]:
        assert run_snippet(snippet).stdout == first[snippet.name].stdout, snippet.name
