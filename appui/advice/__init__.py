"""Advice: the remedies in plain words, and the local help, for every feature that shows them.

A layer between the rights engine and the directory below, and the feature apps above
(the guide, the case files, the helpline): it owns the wording of remedies and builds a
readable plan from the engine's facts, so no feature imports another to say the same thing.
"""
