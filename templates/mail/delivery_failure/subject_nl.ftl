Activeringsmail voor overeenkomst ${agreementNumber} (${customerName}) kon niet worden bezorgd
