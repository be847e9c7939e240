def personal_data_of(user) -> dict:
    return {
        "municipal_contact_roles": [
            {
                "municipality": c.municipality.name_fi,
                "title": c.title,
                "public_email": c.public_email,
                "public_phone": c.public_phone,
                "is_public": c.is_public,
            }
            for c in user.contact_roles.select_related("municipality")
        ]
    }
