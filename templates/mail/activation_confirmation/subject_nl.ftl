Activering voltooid voor ${customerName} (overeenkomst ${agreementNumber})
