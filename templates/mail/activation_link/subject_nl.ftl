Activeer uw abonnement voor ${customerName} (overeenkomst ${agreementNumber})
