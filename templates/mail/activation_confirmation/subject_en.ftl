Activation complete for ${customerName} (agreement ${agreementNumber})
