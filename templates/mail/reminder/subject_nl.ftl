Herinnering: activeer uw abonnement voor ${customerName} (overeenkomst ${agreementNumber})
