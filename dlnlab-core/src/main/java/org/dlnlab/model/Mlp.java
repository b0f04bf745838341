package org.dlnlab.model;

/**
 * A multilayer perceptron x ↦ P W_L σ(W_{L−1} ⋯ σ(W_1 x)): the layout of a {@link DeepLinearNet} (widths, flat
 * parameter buffer, optional fixed output projection P) with an activation σ after every layer but the last.
 *
 * @param layout     the widths, offsets and projection
 * @param activation σ
 */
public record Mlp(DeepLinearNet layout, Activation activation) implements Model {
    @Override
    public int depth() {
        return layout.depth();
    }

    @Override
    public int width(int k) {
        return layout.width(k);
    }

    @Override
    public int inputs() {
        return layout.inputs();
    }

    @Override
    public int outputs() {
        return layout.outputs();
    }

    @Override
    public int parameterCount() {
        return layout.parameterCount();
    }

    @Override
    public int offset(int k) {
        return layout.offset(k);
    }

    @Override
    public int rows(int k) {
        return layout.rows(k);
    }

    @Override
    public int cols(int k) {
        return layout.cols(k);
    }

    @Override
    public String toString() {
        return layout + "/" + activation.label();
    }
}
