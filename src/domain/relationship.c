/*
 * relationship: the type table. Pairs are listed together, the stored form first; a
 * symmetric type is its own inverse.
 */
#include "domain/relationship.h"

#include <string.h>

#include "domain/directory.h"

static const struct {
    const char *name, *label;
    enum relationship_type inverse;
} types[REL_TYPE_COUNT] = {
    [REL_NONE] = {"", "", REL_NONE},
    [REL_PARENT] = {"parent", "Parent", REL_CHILD},
    [REL_CHILD] = {"child", "Child", REL_PARENT},
    [REL_STEP_PARENT] = {"step_parent", "Step-parent", REL_STEP_CHILD},
    [REL_STEP_CHILD] = {"step_child", "Step-child", REL_STEP_PARENT},
    [REL_GRANDPARENT] = {"grandparent", "Grandparent", REL_GRANDCHILD},
    [REL_GRANDCHILD] = {"grandchild", "Grandchild", REL_GRANDPARENT},
    [REL_FOSTER_CARER] = {"foster_carer", "Foster carer", REL_FOSTER_CHILD},
    [REL_FOSTER_CHILD] = {"foster_child", "Foster child", REL_FOSTER_CARER},
    [REL_GUARDIAN] = {"guardian", "Guardian", REL_WARD},
    [REL_WARD] = {"ward", "Ward (under guardianship)", REL_GUARDIAN},
    [REL_CARER] = {"carer", "Carer", REL_CARED_FOR},
    [REL_CARED_FOR] = {"cared_for", "Cared for", REL_CARER},
    [REL_PROFESSIONAL] = {"professional", "Professional", REL_CLIENT},
    [REL_CLIENT] = {"client", "Client of professional", REL_PROFESSIONAL},
    [REL_SIBLING] = {"sibling", "Sibling", REL_SIBLING},
    [REL_HALF_SIBLING] = {"half_sibling", "Half-sibling", REL_HALF_SIBLING},
    [REL_PARTNER] = {"partner", "Partner", REL_PARTNER},
    [REL_EX_PARTNER] = {"ex_partner", "Former partner", REL_EX_PARTNER},
    [REL_RELATIVE] = {"relative", "Other relative", REL_RELATIVE},
    [REL_FRIEND] = {"friend", "Friend", REL_FRIEND},
    [REL_NEIGHBOUR] = {"neighbour", "Neighbour", REL_NEIGHBOUR},
    [REL_OTHER] = {"other", "Other", REL_OTHER},
};

const char *relationship_type_name(enum relationship_type t)
{
    return t > REL_NONE && t < REL_TYPE_COUNT ? types[t].name : "";
}

const char *relationship_type_label(enum relationship_type t)
{
    return t > REL_NONE && t < REL_TYPE_COUNT ? types[t].label : "";
}

enum relationship_type relationship_type_parse(const char *s)
{
    for (int t = REL_NONE + 1; s && t < REL_TYPE_COUNT; t++)
        if (strcmp(s, types[t].name) == 0)
            return (enum relationship_type)t;
    return REL_NONE;
}

enum relationship_type relationship_inverse(enum relationship_type t)
{
    return t > REL_NONE && t < REL_TYPE_COUNT ? types[t].inverse : REL_NONE;
}

void relationship_canonical(struct relationship *r)
{
    enum relationship_type inv = relationship_inverse(r->type);
    if (inv != r->type && inv < r->type) {
        int64_t t = r->person_id;
        r->person_id = r->related_id;
        r->related_id = t;
        r->type = inv;
    }
}

enum err relationship_validate(const struct relationship *r, struct err_info *info)
{
    if (r->person_id <= 0)
        return err_set(info, E_INVALID, "person_id", "name the person");
    if (r->related_id <= 0)
        return err_set(info, E_INVALID, "related_person_id", "name the related person");
    if (r->person_id == r->related_id)
        return err_set(info, E_INVALID, "related_person_id",
                       "a person cannot be related to themselves");
    if (r->type <= REL_NONE || r->type >= REL_TYPE_COUNT)
        return err_set(info, E_INVALID, "type",
                       "choose the relationship: parent, child, step_parent, step_child, "
                       "grandparent, grandchild, foster_carer, foster_child, guardian, ward, "
                       "carer, cared_for, professional, client, sibling, half_sibling, partner, "
                       "ex_partner, relative, friend, neighbour or other");
    char tmp[RELATIONSHIP_NOTE_MAX * 4 + 1];
    return directory_text(tmp, sizeof(tmp), r->note, RELATIONSHIP_NOTE_MAX, false, true, "note",
                          "the note", info);
}

enum relationship_type relationship_seen_from(const struct relationship *r, int64_t self,
                                              int64_t *other_out)
{
    if (r->person_id == self) {
        *other_out = r->related_id;
        return r->type;
    }
    *other_out = r->person_id;
    return relationship_inverse(r->type);
}
