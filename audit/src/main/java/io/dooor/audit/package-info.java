/** Dooor audit module. */
package io.dooor.audit;
