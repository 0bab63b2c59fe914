"""Draws a lecturer would keep, over many seeds: no answer that can be guessed.

A forward pass or a backpropagation step never has a ReLU unit that is dead on every row (its
activations and gradients all 0) nor an output that is 0 everywhere; an activation exercise draws
its function from the ones the assignment asks for, and never identity unless asked."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.exercises import problems, registry
from nngrade.generators import activation, network

SEEDS = st.integers(0, 2**32 - 1)
LEVELS = st.sampled_from(("easy", "medium", "hard"))


def float_network(params):
    layers = [{**layer, "W": [[float(v) for v in row] for row in layer["W"]], "b": [float(v) for v in layer["b"]],
               **({"alpha": float(layer["alpha"])} if "alpha" in layer else {})} for layer in params["layers"]]
    return [[float(v) for v in row] for row in params["X"]], layers


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(("forward_pass", "backprop")), seed=SEEDS, level=LEVELS)
def test_no_dead_relu_unit_and_no_all_zero_output(kind, seed, level):
    problem = problems.draw(registry.get(kind), seed, difficulty=level)
    X, layers = float_network(problem.params)
    zs, output = network.pre_activations(X, layers)
    for layer, z in zip(layers, zs):
        if layer["activation"] == "relu":
            assert np.all(np.any(z > 0, axis=0)), (seed, level, z)
    assert np.any(output != 0), (seed, level)


def test_the_screen_refuses_a_dead_unit_and_an_all_zero_output():
    alive = [{"W": [[1, -1]], "b": [0, 0], "activation": "relu"}]
    assert network.well_posed([[1], [-2]], alive)
    assert not network.well_posed([[1], [2]], alive)  # the second unit is dead on both rows
    assert not network.well_posed([[1]], [{"W": [[2]], "b": [-3], "activation": "relu"}])
    assert network.well_posed([[1], [2]], [{"W": [[1]], "b": [-1], "activation": "identity"}])
    assert not network.well_posed([[1], [1]], [{"W": [[1]], "b": [-1], "activation": "identity"}])  # output 0 everywhere


@settings(max_examples=150, deadline=None)
@given(seed=SEEDS, level=LEVELS)
def test_identity_is_never_drawn_unless_asked(seed, level):
    assert problems.draw(registry.get("activation"), seed, difficulty=level).params["function"] != "identity"


@settings(max_examples=150, deadline=None)
@given(seed=SEEDS, asked=st.lists(st.sampled_from(activation.FUNCTIONS), min_size=1, max_size=3, unique=True))
def test_a_students_function_is_one_the_assignment_asks_for(seed, asked):
    assert problems.draw(registry.get("activation"), seed, functions=asked).params["function"] in asked


def test_asked_functions_draw_each_of_them_across_students():
    asked = ["sigmoid", "tanh", "relu"]
    drawn = {problems.draw(registry.get("activation"), seed, functions=asked).params["function"] for seed in range(40)}
    assert drawn == set(asked)
