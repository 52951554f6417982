/** The product-key portal: Your products, and redeeming a retail key to extend or add licences. */
package io.activationworker.redemption;
