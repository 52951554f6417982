Activation email for agreement ${agreementNumber} (${customerName}) could not be delivered
