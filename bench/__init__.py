"""How fast verification and previews are, measured against their floor and a peer.

Run ``python -m bench`` from the repository root (``--help`` for the options). Every figure is
a median over repetitions that interleave the things compared, with the min-max spread, since
this machine is shared and noisy. Nothing in the repository is written except pytest's cache;
every edit happens in a scratch copy.
"""
