package org.dlnlab.model;

/**
 * A layered network of dense weight matrices W_1..W_L in one flat row-major parameter buffer, W_1 first: what
 * optimizers, Hessian–vector products and the weights files need to know of a model. {@link DeepLinearNet} is the
 * linear one; a network with activations between its layers is the same layout with a nonlinearity.
 */
public interface Model {
    /** L, the number of weight matrices. */
    int depth();

    /** d_k, the width after layer k (d_0 = the inputs). */
    int width(int k);

    int inputs();

    int outputs();

    /** N, the length of the parameter buffer. */
    int parameterCount();

    /** Where W_k starts in the parameter buffer. */
    int offset(int k);

    /** Rows of W_k: d_k. */
    int rows(int k);

    /** Columns of W_k: d_{k−1}. */
    int cols(int k);
}
