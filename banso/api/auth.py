"""Bearer-token authentication: the token decides the user, the organization and the role."""

from ninja.security import HttpBearer

from banso.orgs.domain import authenticate_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = authenticate_token(token)
        if api_token is None:
            return None
        membership = api_token.membership
        request.user = membership.user
        request.membership = membership
        request.organization = membership.organization
        return api_token
