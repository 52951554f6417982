Activate your subscription for ${customerName} (agreement ${agreementNumber})
