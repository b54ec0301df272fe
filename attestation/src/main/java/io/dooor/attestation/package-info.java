/** Dooor attestation module. */
package io.dooor.attestation;
