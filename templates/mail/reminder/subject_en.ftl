Reminder: activate your subscription for ${customerName} (agreement ${agreementNumber})
