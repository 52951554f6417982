Action needed: agreement ${agreementNumber} for ${customerName} has no online administrator
