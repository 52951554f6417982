You are no longer the online administrator for agreement ${agreementNumber}
