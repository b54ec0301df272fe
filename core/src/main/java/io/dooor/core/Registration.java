package io.dooor.core;

/** The result of register_tee_node: the PENDING node and the challenge its evidence must bind. */
public record Registration(Node node, Challenge challenge) {}
