import Catalogue
