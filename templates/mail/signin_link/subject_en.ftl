Your sign-in link
